"""The account view: every snapshot of every share of every service in one table.

Opened with ``A`` or the tree's "All snapshots" line. It paints the last known
inventory at once when the on-disk cache has one (marked stale with its age), then
walks the account (:func:`efs_tui.core.account.walk_account`: bounded concurrency, the
client's own fair-use budget) and fills the table share by share as the answers come,
with a progress bar of shares done and requests in flight or held by the budget.

Filter (``/``, the account language of :mod:`efs_tui.core.query`), sort (``s``/``S``),
marks (Space) and delete (``d``: one confirmation listing every marked snapshot, then
:func:`efs_tui.core.bulk.delete_many` once per share) work across shares; deleted rows
are followed (each share listed again until they are gone). ``K`` opens the retention
planner on the marked rows, else the filtered rows, else the whole account. Enter closes
the view on the highlighted snapshot: the main screen selects its share and that row.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from operator import is_not
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar, Static

from efs_tui.api.inventory import Inventory, InventoryProgress
from efs_tui.api.models import Service, Share, Snapshot, SnapshotStatus
from efs_tui.core.account import AccountRow, group_by_share, rows_for_share, walk_account
from efs_tui.core.cache import Backoff
from efs_tui.core.inventory_cache import CachedInventory
from efs_tui.core.wording import counted, format_age
from efs_tui.ui.config import UiConfig
from efs_tui.ui.keys import bindings_for
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.account_table import AccountTable
from efs_tui.ui.widgets.filter_bar import FilterBar
from efs_tui.ui.widgets.keys_footer import KeysFooter
from efs_tui.ui.widgets.snapshot_table import SnapshotTable

if TYPE_CHECKING:
    # Imported where used: the bulk report and the retention planner (~15 ms) are not on the path
    # of `efs-tui --account` to its first rows.
    # The write side (deletes, their report and followers) loads with the first delete: at an
    # ``--account`` start the view paints before the app's first frame, and every import counts there.
    from efs_tui.core.bulk import BulkResult
    from efs_tui.core.writes import Writer
    from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport
    from efs_tui.ui.screens.main import MainScreen
    from efs_tui.ui.widgets.service_tree import ShareItem

ShareKey = tuple[str, str]

FLUSH_EVERY = 0.5
"""Seconds between two repaints of the table while the walk answers (the first share paints at once).

Each repaint blocks the event loop that the walk's answers also wait on (a layout pass for the
scrollbar, a page of rows): at 8 in flight on 6,000 snapshots, 0.5 s instead of 0.25 s took the
walk's CPU from ~1.26 to ~1.07 s (``tests/benchmarks/compare_account.py``), and it still fills
visibly twice a second."""

FOOTER_LATEST = 1.0
"""Seconds after mount when the footer shows its keys even without rows (they come first otherwise)."""


class AccountJump(NamedTuple):
    """What Enter hands back to the main screen: the share to select, that snapshot, and what the walk knows.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    service: Service
    share: Share
    snapshot_id: str
    shares: tuple[Share, ...]
    """Every share of the service, as listed (so the tree need not list them again); empty if not known yet."""
    snapshots: tuple[Snapshot, ...]
    """The share's snapshots, as listed."""


def cached_words(age_seconds: float) -> str:
    """``cached 3 h ago``: how old the painted inventory is."""
    return f"cached {format_age_short(age_seconds)} ago"


def format_age_short(seconds: float) -> str:
    from datetime import timedelta

    return format_age(timedelta(seconds=int(seconds)))


class AccountScreen(Screen[AccountJump | None]):
    """All snapshots of the account, filled progressively; dismisses with the row Enter chose."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for("account"))
    """From :data:`efs_tui.ui.keys.REGISTRY` (``account_…`` ids, rebindable); Space and Enter are the table's."""

    DEFAULT_CSS = """
    AccountScreen {
        #account-title { height: 1; padding: 0 1; background: $panel; }
        #account-status { height: 1; }
        #account-progress { width: 32; padding: 0 1; }
        #account-progress-text { width: 1fr; color: $text-muted; }
        AccountTable { height: 1fr; }
    }
    """

    def __init__(
        self,
        config: UiConfig,
        writer: Writer | None = None,
        *,
        on_first_rows: Callable[[], None] | None = None,
        on_leave: Callable[[AccountJump | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self._on_first_rows = on_first_rows
        """Called once, after the first rows are painted: the start ends there with ``--account``
        (the app's ``EFS_TUI_REPORT_READY`` stamp, as the main screen's first table otherwise)."""
        self._when_left = on_leave
        """``efs-tui --account``: this view is the first screen (no main screen under it to dismiss to);
        leaving it (Esc, Enter) calls this with what ``dismiss`` would return."""
        self._leaving = False
        self.client = config.client
        self._writer = writer
        self._cached: dict[ShareKey, list[AccountRow]] = {}
        """Rows painted from the disk cache, replaced share by share as the walk answers."""
        self._fresh: dict[ShareKey, list[AccountRow]] = {}
        self._pending: list[ShareKey] = []
        """Shares listed since the last repaint."""
        self._shares_of: dict[str, list[Share]] = {}
        self._stale_since: datetime | None = None
        """When the painted cache was saved; ``None`` once the walk has revalidated it (or without cache)."""
        self._walking = False
        self._flush_timer: Timer | None = None
        """The one pending repaint while the walk answers (a second would halve ``FLUSH_EVERY``)."""
        self._progress: InventoryProgress | None = None
        self._walk_started = 0.0
        self.walk_seconds: float | None = None
        """How long the last complete walk took (shown, and read by the benchmark)."""
        self.first_rows_at: float | None = None
        """``time.perf_counter()`` when rows were first on screen (cache or walk)."""
        self._rows_painted = asyncio.Event()
        """Set once the first rows (cache or walk) are painted."""
        self.errors = 0
        """Listings that failed in the last walk."""
        self._ready = False
        """Composed and mounted: the widgets can be updated (the walk may answer after the screen closed)."""

    @property
    def table(self) -> AccountTable:
        return self.query_one(AccountTable)

    @property
    def writer(self) -> Writer:
        """The one write path: the main screen's when it opened this view (quitting knows about these
        deletes too); at an ``--account`` start this view's own, built at its first delete, which the
        app asks about on quitting and the main screen built on leaving takes over."""
        if self._writer is None:
            # The app's notify: the main screen built on leaving takes this writer over, after this view is gone.
            self._writer = self.config.new_writer(notify=self.app.notify)
        return self._writer

    @property
    def writer_if_used(self) -> Writer | None:
        """The writer if one exists (given, or built by a delete); ``None``: this view never sent a write."""
        return self._writer

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        cfg = self.config
        yield Static(Text("All snapshots", style="bold"), id="account-title")
        with Horizontal(id="account-status"):
            # A total from the start: an indeterminate bar animates (redraws) until the services answer.
            yield ProgressBar(total=1, show_eta=False, id="account-progress")
            yield Static("", id="account-progress-text")
        yield FilterBar("table", "share:web* age:>30d type:manual -status:error", id="table-filter")
        yield AccountTable(clock=cfg.clock, zone=cfg.zone, id="account-table")
        yield KeysFooter()  # composed once the first rows are painted (``_painted``), out of their way

    def on_mount(self) -> None:
        self._ready = True
        self.set_timer(FOOTER_LATEST, self._show_keys)  # no rows by then (empty account, a slow answer)
        self.table.focus()
        cache = self.config.inventory_cache
        after_start: Callable[[Callable[[], object], AccountScreen], None] | None = getattr(
            self.app, "after_start", None
        )
        if cache is None or not cache.path.is_file():  # nothing to paint: the walk at once
            self.revalidate()
        elif after_start is None:  # a host app without the hook
            self._paint_then_revalidate()
        else:  # at an --account start, while the start's last frame is due (see EfsTuiApp.after_start)
            after_start(self._paint_then_revalidate, self)

    def _paint_then_revalidate(self) -> None:
        self._paint_cache()
        if self.is_stale:  # cached rows: on screen first, then the walk (its first send imports the HTTP stack)
            self._after_first_frame(self.revalidate)
        else:
            self.revalidate()

    def on_unmount(self) -> None:
        self._ready = False

    def _after_first_frame(self, callback: Callable[[], object]) -> None:
        """After this screen's next refresh, and never before the app's first frame.

        At an ``--account`` start this screen is painted before the app itself is mounted (see
        ``EfsTuiApp.after_first_frame``): the footer's keys (~30 ms) and the walk's first send (~60-90 ms)
        then went before the user's first frame. Another host app has no such hook: its refresh is enough.
        """
        after: Callable[..., object] | None = getattr(self.app, "after_first_frame", None)
        if after is None:
            self.call_after_refresh(callback)
        else:
            after(callback, self)

    def _paint_cache(self) -> None:
        """The last known inventory, at once (it is local; a few MB at most)."""
        cache = self.config.inventory_cache
        loaded: CachedInventory | None = cache.load() if cache is not None else None
        if loaded is None:
            return
        self._stale_since = loaded.saved_at
        for svc in loaded.inventory.services:
            self._shares_of[svc.service.id] = [item.share for item in svc.shares]
            for item in svc.shares:
                self._cached[(svc.service.id, item.share.id)] = rows_for_share(svc.service, item.share, item.snapshots)
        self._flush(full=True)

    # -- the walk -------------------------------------------------------------------------

    @work(exclusive=True, group="account-walk", exit_on_error=False, description="List every snapshot")
    async def revalidate(self) -> None:
        """Walk the account; the table fills as each share answers; the cache is rewritten at the end."""
        self._walking = True
        self._cached.update(self._fresh)  # a second walk (r): what is shown stays until its share answers
        self._fresh = {}
        self._pending = []
        self._walk_started = time.perf_counter()
        self._update_title()
        try:
            inventory = await walk_account(
                self.client,
                on_share=self._share_listed,
                on_shares=self._shares_listed,
                progress=self._progressed,
                # At start (nothing painted yet): the first rows first, see ``walk_account``.
                hold=self._until_painted if self._when_left is not None and self.first_rows_at is None else None,
            )
        except Exception as error:  # the services list itself failed: keep what is painted, say why
            self._walking = False
            self._show_keys()
            message = getattr(error, "message", None) or str(error)
            self.query_one("#account-progress-text", Static).update(
                Text(f"⚠ listing services failed: {clean(message)} (r to retry)", style="red")
            )
            self._update_title()
            return
        self.walk_seconds = time.perf_counter() - self._walk_started
        self._walking = False
        self._show_keys()
        self._finished(inventory)
        cache = self.config.inventory_cache
        if cache is not None:
            try:
                await asyncio.to_thread(cache.save, inventory, self.config.clock())
            except OSError as problem:
                self.notify(f"The inventory cache could not be written: {clean(str(problem))}", markup=False)

    def _painted(self) -> None:
        self._rows_painted.set()
        self._show_keys()

    def _show_keys(self) -> None:
        """Compose the footer's keys: after the first rows' paint, whose frame they added ~20-40 ms of
        CPU to (two footer compositions and the styling of every key), or once the walk ends."""
        for footer in self.query(KeysFooter):  # none once the view is being removed (Esc before the first rows)
            footer.release()

    async def _until_painted(self) -> None:
        """The start's view: the walk's own listings wait for the first rows (the prefetch's) to be painted."""
        if self.first_rows_at is not None:  # none yet: that first listing was empty or failed, nothing to wait for
            await self._rows_painted.wait()

    def _shares_listed(self, service: Service, shares: list[Share]) -> None:
        self._shares_of[service.id] = list(shares)

    def _share_listed(self, service: Service, share: Share, snapshots: list[Snapshot]) -> None:
        key = (service.id, share.id)
        self._fresh[key] = rows_for_share(service, share, snapshots)
        self._pending.append(key)
        if self.first_rows_at is None:
            self._flush()  # the first answer paints at once
        else:
            self._schedule_flush()

    def _progressed(self, state: InventoryProgress) -> None:
        """Keep the walk's counts; they are drawn with the rows (at most every ``FLUSH_EVERY``), not per answer."""
        self._progress = state
        if self._ready and self._walking:
            self._schedule_flush()

    def _schedule_flush(self) -> None:
        if self._flush_timer is None:
            self._flush_timer = self.set_timer(FLUSH_EVERY, self._flush)

    def _draw_progress(self) -> None:
        state = self._progress
        if state is None or not self._walking:
            return
        bar = self.query_one(ProgressBar)
        if state.shares_total:
            bar.update(total=state.shares_total, progress=state.shares_done)
        text = f"{state.shares_done}/{state.shares_total} shares · {state.in_flight} in flight"
        if state.waiting:
            text += f" · {state.waiting} waiting for the fair-use budget"
        self.query_one("#account-progress-text", Static).update(Text(text), layout=False)

    def _finished(self, inventory: Inventory) -> None:
        """The walk is complete: show exactly what it listed (plus cached rows of shares that failed to list)."""
        failed: set[ShareKey] = set()
        self._shares_of = {}
        for svc in inventory.services:
            if svc.error is not None:
                failed.update(k for k in self._cached if k[0] == svc.service.id)
                continue
            self._shares_of[svc.service.id] = [item.share for item in svc.shares]
            failed.update((svc.service.id, item.share.id) for item in svc.shares if item.error is not None)
        kept = {key: rows for key, rows in self._cached.items() if key in failed}
        fresh, unchanged = self._listed(inventory)
        # Shown now: the cached rows of shares not listed yet, and the fresh rows up to the last repaint.
        shown_cached = {key for key in self._cached if key not in self._fresh}
        unchanged = unchanged and shown_cached == {key for key in kept if key not in fresh}
        self._cached, self._fresh = kept, fresh
        self.errors = len(inventory.errors)
        self._stale_since = None
        if unchanged:  # nearly always: the table needs only the shares listed since the last repaint
            self._flush()
        else:
            self._pending = []
            self._flush(full=True)
        bar = self.query_one(ProgressBar)
        total = max(1, sum(len(s.shares) for s in inventory.services))
        bar.update(total=total, progress=total)
        words = f"done: {counted(inventory.snapshot_count, 'snapshot')} in {counted(total, 'share')}"
        if self.errors:
            words += f" · ⚠ {self.errors} listings failed (r to retry)"
        self.query_one("#account-progress-text", Static).update(Text(words, style="red" if self.errors else ""))

    def _listed(self, inventory: Inventory) -> tuple[dict[ShareKey, list[AccountRow]], bool]:
        """Every listed share's rows in the API's order, and whether they are all the rows the walk already
        handed in (the same snapshot objects), so the last repaint adds only the last answers instead of
        rebuilding 6,000 rows that are already on screen."""
        fresh: dict[ShareKey, list[AccountRow]] = {}
        unchanged = True
        for svc in inventory.services:
            if svc.error is not None:
                continue
            for item in svc.shares:
                if item.error is not None:
                    continue
                key = (svc.service.id, item.share.id)
                rows, snaps = self._fresh.get(key), item.snapshots
                if rows is None or len(rows) != len(snaps) or any(map(is_not, (r.snapshot for r in rows), snaps)):
                    rows, unchanged = rows_for_share(svc.service, item.share, snaps), False
                fresh[key] = rows
        return fresh, unchanged and len(fresh) == len(self._fresh)

    def _flush(self, *, full: bool = False) -> None:
        """Repaint: the shares listed since the last repaint are added, or (``full``, or replacing
        cached rows) the table is set to the cached rows not yet revalidated plus the fresh ones."""
        if self._flush_timer is not None:  # this repaint is the one it would have done
            self._flush_timer.stop()
            self._flush_timer = None
        if not self._ready:
            return
        pending, self._pending = self._pending, []
        replacing = any(key in self._cached for key in pending)
        if pending and not replacing and not full:
            self.table.add_rows([row for key in pending for row in self._fresh.get(key, ())])
        elif pending or full:
            rows = [row for key, rows in self._cached.items() if key not in self._fresh for row in rows]
            for fresh in self._fresh.values():
                rows.extend(fresh)
            self.table.set_rows(rows)
        if self.table.total_count and self.first_rows_at is None:
            self.first_rows_at = time.perf_counter()
            if self._on_first_rows is not None:  # first: the start is over once the rows are drawn, before
                callback, self._on_first_rows = self._on_first_rows, None  # the footer's keys (~1-2 ms) go in
                self._after_first_frame(callback)  # painted, as the benchmark's bare start is timed
            self._after_first_frame(self._painted)
        self._draw_progress()
        self._update_title()

    def _update_title(self) -> None:
        """``All snapshots │ 6,000 snapshots │ created ▼ │ 3 marked │ cached 3 h ago — revalidating…``."""
        if not self._ready:
            return
        table = self.table
        line = Text("All snapshots", style="bold", no_wrap=True, overflow="ellipsis")
        if table.filter_text:
            line.append(f" │ {table.visible_count:,} of {table.total_count:,} snapshots", style="bold")
        else:
            line.append(f" │ {table.total_count:,} snapshots")
        line.append(f" │ {table.sort_column} {'▼' if table.sort_reverse else '▲'}", style="cyan")
        marked = len(table.marked_ids)
        if marked:
            line.append(f" │ {marked} marked", style="bold magenta")
        if self._stale_since is not None:
            age = (self.config.clock() - self._stale_since).total_seconds()
            tail = " — revalidating…" if self._walking else " — not revalidated (r)"
            line.append(f" │ {cached_words(age)}{tail}", style="yellow")
        elif self._walking:
            line.append(" │ listing…", style="yellow")
        self.query_one("#account-title", Static).update(line, layout=False)
        self.query_one(FilterBar).set_count(table.visible_count, table.total_count)

    @property
    def is_stale(self) -> bool:
        """Whether what is painted is the disk cache, not yet revalidated."""
        return self._stale_since is not None

    # -- keys -----------------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc: clear the filter, else the marks, else close the view."""
        bar = self.query_one(FilterBar)
        if bar.text:
            bar.action_clear()
        elif self.table.marked_ids:
            self.table.clear_marks()
        else:
            self._leave(None)

    def _leave(self, target: AccountJump | None) -> None:
        """Close the view on ``target`` (Enter's share) or ``None``: back to the main screen."""
        if self._when_left is None:
            self.dismiss(target)  # the main screen under the view jumps (``jump_to``)
        elif not self._leaving:  # a second Esc while the main screen replaces this one: nothing to dismiss to
            self._leaving = True
            self._when_left(target)

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.table.set_filter(event.text)
        self._update_title()

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        self.table.focus()
        errors = self.table.parsed_filter.errors
        if errors:
            self.notify("\n".join(errors), title="Filter", severity="warning", markup=False)

    def action_cycle_sort(self) -> None:
        self.table.cycle_sort()

    def action_reverse_sort(self) -> None:
        self.table.reverse_sort()

    def action_revalidate(self) -> None:
        if not self._walking:
            self.revalidate()

    @on(SnapshotTable.SortChanged)
    @on(SnapshotTable.MarksChanged)
    def _table_changed(self) -> None:
        self._update_title()

    @on(SnapshotTable.Chosen)
    def _chosen(self, event: SnapshotTable.Chosen) -> None:
        """Enter: back to the main screen on this snapshot's share."""
        event.stop()
        row = self.table.row_of(event.snapshot.id)
        if row is None:
            return
        key = row.share_key
        listed = self._fresh.get(key) or self._cached.get(key) or [row]
        self._leave(
            AccountJump(
                row.service,
                row.share,
                row.snapshot.id,
                tuple(self._shares_of.get(row.service.id, ())),
                tuple(r.snapshot for r in listed),
            )
        )

    # -- delete ---------------------------------------------------------------------------

    @work(group="account-delete", exit_on_error=False, description="Delete snapshots across shares")
    async def action_delete(self) -> None:
        """Confirm once for every marked snapshot (else the highlighted one), then one ``delete_many`` per share."""
        if self.config.read_only:
            self.notify("Delete is not available: efs-tui is read-only.", severity="warning", markup=False)
            return
        rows = self.table.marked_rows()
        if not rows:
            highlighted = self.table.highlighted_row
            rows = [highlighted] if highlighted is not None else []
        if not rows:
            return
        from efs_tui.ui.dialogs.account_delete import AccountDeleteDialog

        if not await self.app.push_screen_wait(AccountDeleteDialog(rows)):
            return
        await self._delete_rows(rows, "Bulk delete")

    async def _delete_rows(self, rows: Sequence[AccountRow], title: str) -> None:
        """Confirmed: the live report, one ``delete_many`` per share, then each share followed until its rows go."""
        from efs_tui.core.bulk import DEFAULT_CONCURRENCY, BulkOutcome, delete_many
        from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport, summary
        from efs_tui.ui.widgets.service_tree import ShareItem

        report = BulkDeleteReport([row.snapshot for row in rows], DEFAULT_CONCURRENCY)
        await self.app.push_screen(report)
        results: list[BulkResult] = []
        for batch in group_by_share(rows):
            item = ShareItem(batch.service, batch.share)
            results += await delete_many(
                self.writer,
                batch.service.id,
                batch.share.id,
                batch.snapshots,
                concurrency=DEFAULT_CONCURRENCY,
                on_start=report.started,
                on_result=partial(self._deleted, report, item),
            )
        report.finish()
        failed = [r for r in results if not r.ok]
        text = f"{title} across {counted(len(group_by_share(rows)), 'share')}: {summary(results)}."
        if failed:
            text += "\n" + "\n".join(f"✖ {clean(r.snapshot.label)}: {clean(r.describe())}" for r in failed)
        self.notify(text, title=title, severity="error" if failed else "information", markup=False)
        accepted = {r.snapshot.id for r in results if r.outcome is not BulkOutcome.FAILED}
        for batch in group_by_share(rows):
            going = accepted & {snap.id for snap in batch.snapshots}
            if going:
                self.run_worker(
                    self._follow_share(ShareItem(batch.service, batch.share), going),
                    group="account-follow",
                    exit_on_error=False,
                    description="Follow deleted snapshots",
                )

    async def _follow_share(self, item: ShareItem, ids: set[str]) -> None:
        """List the share again (the one follower, its backoff) until none of ``ids`` is still being deleted.

        Each answer replaces the share's rows, so a deleted snapshot leaves the table when
        the API stops listing it, not at the next whole walk. One list per share and
        poll rather than one GET per snapshot: a plan may delete hundreds.
        """
        from efs_tui.core.follow import Ending, follow

        service_id, share_id = item.service.id, item.share.id

        def settled(snapshots: list[Snapshot]) -> bool:
            return not any(snap.id in ids and snap.is_transitional for snap in snapshots)

        followed = await follow(
            lambda: self.client.list_snapshots(service_id, share_id),
            settled,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=partial(self._relisted, item),
        )
        if followed.ending is Ending.GONE:
            self._relisted(item, [])  # the share itself is gone, and its snapshots with it

    def _relisted(self, item: ShareItem, snapshots: list[Snapshot]) -> None:
        """A fresh list of one share: its rows become exactly that."""
        key = (item.service.id, item.share.id)
        self._cached.pop(key, None)
        self._fresh[key] = rows_for_share(item.service, item.share, snapshots)
        self._flush(full=True)

    # -- retention plan -------------------------------------------------------------------

    def _listed_rows(self) -> list[AccountRow]:
        """Every row this walk listed (not the cache's: a plan needs each share's current whole list)."""
        return [row for rows in self._fresh.values() for row in rows]

    @work(group="account-prune", exit_on_error=False, description="Retention plan across shares")
    async def action_plan_retention(self) -> None:
        """The retention planner on the marked snapshots, else the filtered rows, else the whole account.

        Only once the walk is done (a share's plan needs its whole list, and cached rows
        may be old). A confirmed plan is deleted as a bulk delete is: same report, same follow.
        """
        if self.config.read_only:
            self.notify("Retention plan is not available: efs-tui is read-only.", severity="warning", markup=False)
            return
        from efs_tui.ui.flows.prune import account_scope, api_now
        from efs_tui.ui.screens.retention_plan import RetentionPlanScreen

        if self._walking or self.is_stale:
            self.notify(
                "The account is still being listed; the plan needs every share's whole list. Try again when done.",
                title="Retention plan",
                severity="warning",
                markup=False,
            )
            return
        table, every = self.table, self._listed_rows()
        marked = table.marked_rows()
        if marked:
            scope = account_scope(every, marked, what=f"{len(marked)} marked snapshots")
        elif table.filter_text:
            visible = table.visible_rows()
            scope = account_scope(every, visible, what=f"{len(visible)} filtered snapshots")
        else:
            scope = account_scope(every, None)
        if not scope.shares:
            self.notify("No snapshot to plan on.", title="Retention plan", markup=False)
            return
        screen = RetentionPlanScreen(
            scope.shares,
            scope=scope.words,
            now=api_now(self.config),
            labels=scope.labels,
            selection=scope.selection,
            zone=self.config.zone,
        )
        plan = await self.app.push_screen_wait(screen)
        if plan is None or not plan.to_delete or self.config.read_only:
            return
        by_id = {row.snapshot.id: row for row in every}
        await self._delete_rows([by_id[item.snapshot.id] for item in plan.to_delete], "Retention plan")

    async def _deleted(self, report: BulkDeleteReport, item: ShareItem, result: BulkResult) -> None:
        """One result (already audited by the write path): the report line, the row (``deleting``, gone, or kept)."""
        from efs_tui.core.bulk import BulkOutcome

        report.add_result(result)
        snap = result.snapshot
        key = (item.service.id, item.share.id)
        if result.outcome is BulkOutcome.FAILED:
            return
        if result.outcome is BulkOutcome.ALREADY_GONE and result.status == 404:
            self._replace(key, snap.id, None)
        else:
            self._replace(key, snap.id, replace(snap, status=SnapshotStatus.DELETING))
        if snap.id in self.table.marked_ids:
            self.table.toggle_mark(snap.id)

    def _replace(self, key: ShareKey, snapshot_id: str, snap: Snapshot | None) -> None:
        for store in (self._fresh, self._cached):
            rows = store.get(key)
            if rows is None:
                continue
            if snap is None:
                store[key] = [row for row in rows if row.snapshot.id != snapshot_id]
            else:
                store[key] = [row._replace(snapshot=snap) if row.snapshot.id == snapshot_id else row for row in rows]
        self._flush(full=True)


def jump_to(screen: MainScreen, target: AccountJump | None) -> None:
    """Select ``target``'s share in the main screen's tree and its snapshot in the table.

    The walk's lists are handed over (the tree's shares of that service when it never
    listed them, the share's snapshots into the cache), so the jump paints at once; the
    share's usual refresh then runs as on any selection.
    """
    if target is None:
        return
    service = screen.services.get(target.service.id, target.service)
    tree = screen.service_tree
    if service.id not in screen.shares and target.shares:
        screen.shares[service.id] = list(target.shares)
        tree.set_shares(service, screen.shares[service.id])
    node = tree.service_node(service.id)
    if node is not None and not node.is_expanded:
        node.expand()
    from efs_tui.ui.widgets.service_tree import ShareItem

    item = ShareItem(service, target.share)
    key = (service.id, target.share.id)
    if screen.current is not None and (screen.current.service.id, screen.current.share.id) == key:
        screen.apply_list(item, list(target.snapshots))
    else:
        screen.cache.put(key, list(target.snapshots), screen.config.clock())
        screen.show_share(item)
    screen.table.select(target.snapshot_id)
    share_node = tree.share_node(service.id, target.share.id)
    if share_node is not None:
        screen.call_after_refresh(tree.move_cursor, share_node)
    screen.table.focus()


__all__ = ["AccountJump", "AccountScreen", "jump_to"]
