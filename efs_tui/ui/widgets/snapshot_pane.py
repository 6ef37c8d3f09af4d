"""The right side of the main screen: one share's snapshots, and the workers that keep them true.

The pane owns everything about the selected share's snapshots: the per-share
cache (instant revisits), the list worker, the pollers of transitional rows,
the policy and reserve, the header line above the table, and the detail panel.
The screen tells it which share to show (the ``current`` var; ``zone`` is bound) and
what the tree side wants described (the ``subject`` it is given), and the
app's start-up callback, called once the first table is filled.

Every request runs in a worker of the pane, one group per kind ("snapshots",
"poll", "extras"), because ``exclusive`` only cancels within a group. Answers
are checked against the shown share after the await, so a late answer never
overwrites the table of another share. Errors become a toast (HTTP status, OVH
message, query id) while the table keeps its last good data.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.widgets import Static
from textual.worker import Worker

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.cache import Backoff, ShareKey, SnapshotCache
from efs_tui.core.copying import preferred_access_path
from efs_tui.core.quota import ManualQuota, manual_count, quota_text
from efs_tui.ui.config import UiConfig
from efs_tui.ui.text import clean, relative
from efs_tui.ui.widgets.api_calls import ApiCalls, panel_error, short_error
from efs_tui.ui.widgets.detail import DetailPanel
from efs_tui.ui.widgets.filter_bar import FilterBar
from efs_tui.ui.widgets.service_tree import ShareItem
from efs_tui.ui.widgets.share_detail import ShareExtras
from efs_tui.ui.widgets.snapshot_table import SnapshotTable

if TYPE_CHECKING:
    from efs_tui.core.follow import Followed

MAX_AUTO_POLLS = 20
"""Transitional rows found in a list are polled one by one only up to this many."""

STALE_LIST_RETRIES = 2
"""A list answer overtaken by a local change is asked for again this many times, then dropped."""

LIVE_AGE = timedelta(hours=1)
"""Snapshots younger than this show an age in seconds or minutes, redrawn by the tick as it changes."""

DETAIL_TITLES = {"share": "Share", "service": "Service"}
"""Border title of the detail pane per view (anything else: "Detail")."""

HEADER_VARIANTS = (
    (True, True, True, True, True),
    (False, True, True, True, True),  # the quota goes first when room is short: the rest is older
    (True, True, True, True, False),
    (False, True, True, True, False),
    (False, True, True, False, False),
    (False, False, True, False, False),
    (False, False, False, False, False),
)
"""(service, words, age, updated, quota) of the header line, longest first: the first that fits is drawn."""


def share_key(item: ShareItem) -> ShareKey:
    """``(service id, share id)``: how caches and pollers name a share."""
    return (item.service.id, item.share.id)


@dataclass(frozen=True, slots=True)
class ServiceView:
    """A service as the detail describes it: its loaded shares (``None``: never listed)."""

    service: Service
    shares: list[Share] | None


Subject = ShareItem | ServiceView | None
"""What the tree side wants the detail to describe; ``None``: the highlighted snapshot."""


class SnapshotPane(Vertical):
    """Header line, filter bar, snapshot table and detail of the selected share."""

    current: var[ShareItem | None] = var(None, init=False)
    """The share whose snapshots the table shows, set by the screen: another share shows its cached rows at
    once and fetches a fresh list; the same share with new fields (a revert's status) only redraws."""

    zone: var[tzinfo | None] = var(None, init=False)
    """Zone of the table's and the detail's dates (``None``: the machine's), bound to the screen's."""

    def __init__(
        self,
        config: UiConfig,
        calls: ApiCalls,
        subject: Callable[[], Subject],
        *,
        on_first_table: Callable[[], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.config = config
        self.calls = calls
        self._subject = subject
        self._on_first_table = on_first_table
        """Called once, when the first table is filled: the app's start-up ends there (a message would
        arrive only after the first repaint, and the cold-start figure would count it)."""
        self.cache = SnapshotCache()
        """Per-share snapshot lists, for instant revisits."""
        self.listing: ShareKey | None = None
        """The share whose list is being fetched (the header says "refreshing…")."""
        self.share_error: str | None = None
        """Why the shown share's last list failed (the header says so until a list succeeds)."""
        self.fetched: dict[str, datetime] = {}
        """When each snapshot was last fetched alone (inspect / poll)."""
        self._polling: set[tuple[ShareKey, str]] = set()
        self.extras: dict[ShareKey, ShareExtras] = {}
        """Snapshot policy and reserve per share, loaded once when first shown (``r`` on the tree reloads)."""
        self._extras_loading: ShareKey | None = None
        self._extras_waiting: ShareItem | None = None
        """A share whose policy and reserve wait for the first table (see :meth:`ensure_extras`)."""
        self._extras_now = on_first_table is None
        """Whether policies and reserves load at once (not before the first table)."""
        self.delete_errors: dict[str, str] = {}
        """Why the last delete of a snapshot failed (``HTTP 500 message``), by id: the detail shows it first."""
        self._generations: dict[ShareKey, int] = {}
        """Per share, bumped by every local change (create, delete, hold, edit, revert, a row found gone):
        a list answer requested before the last bump may predate that change, so it is not applied as is."""
        self._header_drawn: Text | None = None
        """The header line last drawn: redrawn only when it changes."""
        self._shown_age: tuple[object, str] | None = None
        """(share, "12 s ago") as the last tick drew it: the header is redrawn only when this changes."""
        self._shown_live: tuple[str, ...] = ()
        """The young snapshots' ages as last drawn: the table and detail are redrawn when one changes."""
        self._shown_count: tuple[int, int, bool] | None = None
        """What the table's filter bar says (shown, total, filtering), to skip identical rewrites."""

    def compose(self) -> ComposeResult:
        cfg = self.config
        yield Static(Text("Select a share", style="dim"), id="snap-header")
        yield FilterBar("table", "name:x type:manual -status:error words", id="table-filter")
        with Container(id="panes"):
            yield SnapshotTable(clock=cfg.clock, zone=cfg.zone, id="table")
            yield DetailPanel(clock=cfg.clock, zone=cfg.zone, id="detail")

    def on_mount(self) -> None:
        self.table.border_title = "Snapshots"
        self.detail.set_title("Detail")

    @property
    def table(self) -> SnapshotTable:
        return self.query_one(SnapshotTable)

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    def is_current(self, item: ShareItem) -> bool:
        return self.current is not None and share_key(self.current) == share_key(item)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        self.calls.worker_failed(event)

    # -- the shown share ------------------------------------------------------------------

    def watch_current(self, old: ShareItem | None, new: ShareItem | None) -> None:
        if new is None:
            return
        if old is not None and share_key(old) == share_key(new):
            self.update_detail()
            return
        self.share_error = None
        entry = self.cache.get(share_key(new))
        self.table.show(entry.ordered() if entry else [])
        # A Text, never a str: a str border title is parsed as markup (``logs[/foo]`` would crash the app).
        self.table.border_title = Text(f"Snapshots · {clean(new.share.label)}")
        self.update_detail()
        self.load_snapshots(new)
        # Here, not only when the detail describes the share from the tree: a share shown with the table
        # focused (Enter in the account view) still needs its access path for each snapshot's NFS path.
        self.ensure_extras(new)

    def watch_zone(self, zone: tzinfo | None) -> None:
        if self.is_mounted:
            self.table.set_zone(zone)
            self.detail.zone = zone
            self.update_detail()

    # -- snapshots ------------------------------------------------------------------------

    @work(exclusive=True, group="snapshots", exit_on_error=False, description="Load snapshots")
    async def load_snapshots(self, item: ShareItem) -> None:
        """List the share's snapshots; an answer overtaken by a local change is asked for again."""
        key = share_key(item)
        self.listing = key
        self.update_header()
        try:
            for _attempt in range(STALE_LIST_RETRIES + 1):
                generation = self.generation(key)
                snapshots = await self.calls(self.calls.client.list_snapshots(*key))
                if self.generation(key) == generation:
                    break
            else:
                return  # changed locally during every attempt: keep what is shown, the next refresh catches up
        except OvhError as error:
            if self.current is not None and share_key(self.current) == key:
                self.share_error = short_error(error)
                self.calls.report(error, f"Loading snapshots of {item.share.label}")
                self._load_waiting_extras()  # no first table is coming for it
            return
        finally:
            if self.listing == key:
                self.listing = None
            self.update_header()
        if self.apply_list(item, snapshots) and self._on_first_table is not None:
            callback, self._on_first_table = self._on_first_table, None
            callback()
            self._load_waiting_extras()

    def refresh_shown(self) -> None:
        """Re-list the shown share's snapshots unless a list is already on its way (rows sync in place)."""
        if self.current is not None and self.listing is None:
            self.load_snapshots(self.current)

    def generation(self, key: ShareKey) -> int:
        """How many local changes the share has seen (see :meth:`local_change`)."""
        return self._generations.get(key, 0)

    def local_change(self, item: ShareItem) -> None:
        """A write changed the share here: a list answer requested before now must not undo it on screen."""
        key = share_key(item)
        self._generations[key] = self.generation(key) + 1

    def reload_truth(self, item: ShareItem) -> None:
        """After a write whose effect is not known here: read the share's list again at once."""
        self.local_change(item)
        if self.is_current(item):
            self.load_snapshots(item)
        else:
            self.cache.invalidate(share_key(item))

    def apply_list(self, item: ShareItem, snapshots: list[Snapshot]) -> bool:
        """A fresh, complete list of the share's snapshots: cache it and, if the share is shown, show it.

        Returns whether the share is the one shown. Transitional rows are then followed.
        """
        key = share_key(item)
        entry = self.cache.put(key, snapshots, self.config.clock())
        if not self.is_current(item):
            return False
        self.share_error = None
        if not self.table.snapshots:
            self.table.show(entry.ordered())
        else:
            self.table.sync(entry.ordered())
        self.update_detail()
        self.update_header()
        for snap in [s for s in entry.ordered() if s.is_transitional][:MAX_AUTO_POLLS]:
            self.start_poll(item, snap.id)
        return True

    def snapshots_of(self, item: ShareItem) -> list[Snapshot]:
        """The share's snapshots as last listed; none if never listed."""
        entry = self.cache.get(share_key(item))
        return entry.ordered() if entry is not None else []

    def all_snapshots(self, item: ShareItem) -> list[Snapshot]:
        """Every loaded snapshot of the share (the cache, not the possibly filtered table)."""
        entry = self.cache.get(share_key(item))
        return entry.ordered() if entry is not None else list(self.table.snapshots.values())

    def apply_snapshot(self, item: ShareItem, snap: Snapshot, *, select: bool = False, fetched: bool = True) -> None:
        """One snapshot changed: update cache, row and detail (only if that share is shown)."""
        if fetched:
            self.fetched[snap.id] = self.config.clock()
        self.cache.upsert(share_key(item), snap)
        if self.is_current(item):
            self.table.upsert(snap, select=select)
            self.update_detail()

    def forget_snapshot(self, item: ShareItem, snapshot_id: str) -> None:
        """One snapshot is gone: drop it everywhere."""
        self.local_change(item)
        self.cache.remove(share_key(item), snapshot_id)
        self.fetched.pop(snapshot_id, None)
        self.delete_errors.pop(snapshot_id, None)
        if self.is_current(item):
            self.table.remove_snapshot(snapshot_id)
            self.update_detail()

    def mark(self, item: ShareItem, snap: Snapshot, status: str) -> Snapshot:
        """Show ``snap`` with a new status at once (before the API confirms it)."""
        changed = replace(snap, status=status)
        self.local_change(item)
        self.apply_snapshot(item, changed, fetched=False)
        return changed

    def unmark(self, snapshot_ids: Sequence[str]) -> None:
        """Unmark the given snapshots (those still shown and marked)."""
        for snapshot_id in snapshot_ids:
            if snapshot_id in self.table.marked_ids:
                self.table.toggle_mark(snapshot_id)

    def note_delete_error(self, snapshot_id: str, text: str | None) -> None:
        """Show (or clear) why the last delete of a snapshot failed, in its detail."""
        if text is None:
            self.delete_errors.pop(snapshot_id, None)
        else:
            self.delete_errors[snapshot_id] = text
        self.update_detail()

    # -- polling ----------------------------------------------------------------------------

    def start_poll(self, item: ShareItem, snapshot_id: str, *, announce: str | None = None) -> None:
        """Poll one snapshot (GET one, capped backoff) until it settles or is gone (404).

        ``announce`` ("created", "deleted") ends the poll with a toast saying so, for the single
        create and delete a user is waiting on (a bulk delete has its own report instead).
        """
        token = (share_key(item), snapshot_id)
        if token in self._polling:
            return
        self._polling.add(token)
        self.run_worker(
            self._poll(item, snapshot_id, token, announce),
            group="poll",
            exit_on_error=False,
            description="Poll snapshot",
        )

    async def _poll(
        self, item: ShareItem, snapshot_id: str, token: tuple[ShareKey, str], announce: str | None = None
    ) -> None:
        """Follow one snapshot with the one follower (:mod:`efs_tui.core.follow`) and show each state.

        Transient errors are polled through (the header shows the connection state);
        a 404 drops the row; any other error ends the poll with a notification.
        """
        from efs_tui.core.follow import Ending  # the follower loads with the first poll, not with the first table

        key = share_key(item)
        # The label as the row knew it: a delete can be gone by the first poll, and the toast
        # should still name the snapshot the user deleted, not its id.
        known = self.cache.find(key, snapshot_id)
        try:
            followed = await self.follow_snapshot(item, snapshot_id)
        finally:
            self._polling.discard(token)
        last = followed.last if followed.last is not None else known
        label = clean(last.label) if last is not None else snapshot_id
        if followed.ending is Ending.GONE:
            self.forget_snapshot(item, snapshot_id)
            if announce == "deleted":
                self.notify(f"Deleted snapshot {label}.", title="Deleted", markup=False, timeout=4)
        elif followed.ending is Ending.SETTLED and announce == "created" and followed.last is not None:
            status = clean(followed.last.status)
            severity: SeverityLevel = "information" if followed.last.status == "available" else "warning"
            self.notify(f"Created snapshot {label}: {status}.", title="Created", severity=severity, markup=False)
        elif followed.ending is Ending.FAILED and followed.error is not None:
            self.calls.report(followed.error, "Polling snapshot")

    async def follow_snapshot(self, item: ShareItem, snapshot_id: str) -> Followed[Snapshot]:
        """The one follower on one snapshot, each state shown as it comes."""
        from efs_tui.core.follow import follow

        key = share_key(item)
        return await follow(
            lambda: self.calls(self.calls.client.get_snapshot(*key, snapshot_id)),
            lambda snap: not snap.is_transitional,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=lambda snap: self.apply_snapshot(item, snap),
        )

    # -- snapshot policy and reserve -------------------------------------------------------

    def ensure_extras(self, item: ShareItem) -> None:
        """Load the policy and reserve of ``item`` unless they are known or on their way."""
        key = share_key(item)
        if key in self.extras or key == self._extras_loading:
            return
        if not self._extras_now:
            # The start: the first table comes first. Their three requests are the app's first of
            # its own (the connection pool, httpcore's backend) and went out between the
            # prefetched listings and the first table, ~100 ms of CPU in its way (scenario 1).
            self._extras_waiting = item
            return
        self._extras_loading = key
        self.load_extras(item)

    def _load_waiting_extras(self) -> None:
        item, self._extras_waiting = self._extras_waiting, None
        self._extras_now = True
        if item is not None and self.is_current(item):
            self.ensure_extras(item)

    def forget_extras(self, item: ShareItem) -> None:
        """A new policy on ``item``: read its link and rules again so the detail shows it."""
        self.extras.pop(share_key(item), None)
        self.ensure_extras(item)
        self.update_detail()

    @work(exclusive=True, group="extras", exit_on_error=False, description="Load snapshot policy")
    async def load_extras(self, item: ShareItem) -> None:
        """GET the share's policy link, then the policy, and the reserve; each part may fail alone."""
        key = share_key(item)
        try:
            policy, reserve, _ = await asyncio.gather(
                self._policy_of(item), self._reserve_of(item), self._access_path_of(item)
            )
        finally:
            if self._extras_loading == key:
                self._extras_loading = None
        self.extras[key] = replace(policy, reserve=reserve.reserve, reserve_error=reserve.reserve_error)
        self.update_detail()

    async def _policy_of(self, item: ShareItem) -> ShareExtras:
        service_id, share_id = share_key(item)
        try:
            link = await self.calls(self.calls.client.get_share_snapshot_policy(service_id, share_id))
            if link.id is None:
                return ShareExtras(policy_status=link.status)
            policy = await self.calls(self.calls.client.get_snapshot_policy(service_id, link.id))
        except OvhError as error:
            return ShareExtras(policy_error=panel_error(error))
        return ShareExtras(policy=policy, policy_status=link.status)

    async def _access_path_of(self, item: ShareItem) -> None:
        """Keep the share's preferred access path in the detail panel, which builds full NFS paths from it.

        Best effort: without it the panel shows the snapshot's relative path, and the
        copy menu fetches the access paths itself (and says why if that fails).
        """
        try:
            paths = await self.calls(self.calls.client.list_access_paths(*share_key(item)))
        except OvhError:
            return
        path = preferred_access_path(paths)
        if path is not None:
            self.detail.access_paths[item.share.id] = path

    async def _reserve_of(self, item: ShareItem) -> ShareExtras:
        try:
            reserve = await self.calls(self.calls.client.get_snapshot_reserve(*share_key(item)))
        except OvhError as error:
            return ShareExtras(reserve_error=panel_error(error))
        return ShareExtras(reserve=reserve)

    # -- detail -----------------------------------------------------------------------------

    def update_detail(self) -> None:
        """Describe what the user works on: the tree side's subject, else the highlighted snapshot."""
        if not self.is_mounted:
            return
        snap = self.table.highlighted
        item = self.current
        subject = self._subject()
        if isinstance(subject, ShareItem):
            self.detail.snapshot = snap
            self.detail.show_share(subject.share, subject.service, self.extras.get(share_key(subject)))
            if self.is_current(subject):
                self.ensure_extras(subject)
        elif isinstance(subject, ServiceView):
            shares = subject.shares
            self.detail.snapshot = snap
            self.detail.show_service(
                subject.service,
                None if shares is None else sum(s.size or 0 for s in shares),
                None if shares is None else len(shares),
                manual=self._service_manual(subject.service.id, shares),
            )
        elif snap is None:
            self.detail.message(
                "This share has no snapshot." if item and self.cache.get(share_key(item)) else "No snapshot selected."
            )
        else:
            failure = self.delete_errors.get(snap.id)
            self.detail.show(
                snap,
                item.service if item else None,
                item.share if item else None,
                self.fetched.get(snap.id),
                note=None if failure is None else Text(f"✖ Last delete failed: {clean(failure)}", style="bold red"),
            )
        self.detail.set_title(DETAIL_TITLES.get(self.detail.view, "Detail"))
        self.update_header()

    def _service_manual(self, service_id: str, shares: list[Share] | None) -> ManualQuota | None:
        """Manual snapshots over the service's shares whose lists are loaded (no request for this)."""
        if not shares:
            return None
        entries = [self.cache.get((service_id, share.id)) for share in shares]
        loaded = [entry for entry in entries if entry is not None]
        used = sum(manual_count(entry.snapshots.values()) for entry in loaded)
        return ManualQuota(used, len(loaded), len(shares), self.config.manual_snapshot_limit)

    # -- the table's own messages -------------------------------------------------------------
    # Only what posts nothing: a message a child posts while the pane handles one stops at the
    # pane (Textual never bubbles a message past the node active when it was posted), so the
    # filter bar, whose changes move the cursor (``Highlighted``), is handled by the screen.

    @on(SnapshotTable.SortChanged)
    @on(SnapshotTable.MarksChanged)
    def _table_changed(self) -> None:
        self.update_header()

    # -- the one-second tick ----------------------------------------------------------------

    def tick(self) -> None:
        """Redraw what ages: the header's "updated 12 s ago", and rows younger than an hour.

        Only ages change with time; everything else is redrawn by whatever changes it.
        Idle, this is the app's only work: skipping identical redraws keeps it near 0 % CPU.
        """
        age = self._age()
        if age != self._shown_age:
            self._shown_age = age
            self.update_header()
        live = self._live_ages()
        if live != self._shown_live:
            self._shown_live = live
            self.table.refresh()
            self.update_detail()

    def _age(self) -> tuple[object, str] | None:
        """The shown share and the age of its rows as the header words it (``None``: no age shown)."""
        item = self.current
        if item is None:
            return None
        key = share_key(item)
        entry = self.cache.get(key)
        if entry is None or entry.fetched_at is None:
            return None
        return key, relative(entry.fetched_at, self.config.clock())

    def _live_ages(self) -> tuple[str, ...]:
        """The snapshot ages on screen that change within the hour (``12 s ago``, ``5 min ago``), row by row.

        Older ages change at most hourly, when the table is refreshed anyway; these
        would freeze between fetches ("3 s ago" for half a minute) without the tick.
        """
        now = self.config.clock()
        return tuple(
            relative(snap.created_at, now)
            for snap in self.table.visible_snapshots()
            if snap.created_at is not None and now - snap.created_at < LIVE_AGE
        )

    # -- header line ----------------------------------------------------------------------

    def update_header(self) -> None:
        """``share · service │ 3 of 10 snapshots │ sorted by created ▼ │ updated 12 s ago``, shortened to fit.

        The fit keeps room for the age's second digit (:meth:`_age_reserve`), so the
        line keeps its shape when the seconds reach 10.
        """
        if not self.is_mounted:
            return
        widget = self.query_one("#snap-header", Static)
        width = max(0, widget.size.width - 2) or 10_000
        for service, words, age, updated, quota in HEADER_VARIANTS:
            line = self.header_line(service, words, age, updated=updated, quota=quota)
            if line.cell_len + self._age_reserve() <= width:
                break
        if line != self._header_drawn:  # unchanged (a cursor move): not sent to the terminal again
            self._header_drawn = line
            widget.update(line, layout=False)  # one line, height 1 in CSS: its size never depends on the text
        self._update_filter_count()

    def _update_filter_count(self) -> None:
        """Keep the table bar's ``N of M`` true after rows change (a no-op when it would not change).

        Called with every header redraw; rewriting the (usually hidden) count anyway cost a full
        layout pass of the screen each time, i.e. every second while idle.
        """
        bar = self.query_one("#table-filter", FilterBar)
        shown = (self.table.visible_count, self.table.total_count, bool(bar.input.value))
        if shown == self._shown_count:
            return
        self._shown_count = shown
        bar.set_count(shown[0], shown[1])

    def _age_reserve(self) -> int:
        """Room kept for the age to grow to two digits ("9 s ago" → "10 s ago").

        The line picks the longest variant that fits; without this, the tenth second
        would drop the service name and the eleventh would not bring it back for a minute.
        """
        item = self.current
        entry = self.cache.get(share_key(item)) if item is not None else None
        if entry is None or entry.fetched_at is None:
            return 0
        ago = relative(entry.fetched_at, self.config.clock())
        digits = len(ago) - len(ago.lstrip("0123456789"))
        return max(0, 2 - digits)

    def header_line(
        self, service: bool, words: bool, age: bool = True, *, updated: bool | None = None, quota: bool = False
    ) -> Text:
        """The line with the service name (``service``), "sorted by" (``words``), the age (``age``),
        the word "updated" before it (``updated``, by default as ``words``) and ``manual N/limit`` (``quota``)."""
        updated = words if updated is None else updated
        line = Text(no_wrap=True, overflow="ellipsis")
        item = self.current
        if item is None:
            line.append("Select a share", style="dim")
            return line
        key = share_key(item)
        entry = self.cache.get(key)
        table = self.table
        line.append(clean(item.share.label), style="bold")
        if service:
            line.append(f" · {clean(item.service.label)}", style="dim")
        total = table.total_count
        noun = "snapshot" if total == 1 else "snapshots"
        if table.filter_text:
            line.append(f" │ {table.visible_count} of {total} {noun}", style="bold")
        else:
            line.append(f" │ {total} {noun}")
        if quota and entry is not None:
            used, limit = manual_count(entry.snapshots.values()), self.config.manual_snapshot_limit
            full = "bold red" if used >= limit else "yellow" if used * 10 >= limit * 9 else ""
            line.append(f" │ {quota_text(used, limit)}", style=full)
        arrow = "▼" if table.sort_reverse else "▲"
        line.append(f" │ {'sorted by ' if words else ''}{table.sort_column} {arrow}", style="cyan")
        if table.sort_column not in table.shown_columns:
            line.append(" (hidden column)" if words else " (hidden)", style="cyan")
        marked = len(table.marked_ids)
        if marked:
            line.append(f" │ {marked} marked", style="bold magenta")
        if self.listing == key:
            line.append(" │ refreshing…", style="yellow")
        elif self.share_error:
            line.append(f" │ ⚠ {self.share_error} (r to retry)", style="red")
        if entry is not None and entry.fetched_at is not None and self.listing != key:
            if not age:
                return line
            ago = relative(entry.fetched_at, self.config.clock())
            line.append(f" │ updated {ago}" if updated else f" │ {ago}", style="dim")
        elif entry is None and self.listing != key:
            line.append(" │ not loaded", style="dim")
        return line
