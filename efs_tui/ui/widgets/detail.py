"""The detail pane: every field of the highlighted snapshot, or of the share under the tree cursor.

It redraws from data already in memory as the cursor moves (no request); the
screen's inspect action (``i`` / Enter) fetches the one snapshot and passes the
fresh copy here with the time it was fetched. While the tree has the focus the
screen shows the share instead (:meth:`DetailPanel.show_share`), with its
snapshot policy and reserve, because that is what the user is looking at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import ClassVar, Self

from rich.console import ConsoleRenderable, Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.visual import Visual, VisualType
from textual.widgets import Static

from efs_tui.api.models import Service, Share, Snapshot, snapshot_status_group
from efs_tui.core.copying import snapshot_nfs_path
from efs_tui.core.quota import ManualQuota
from efs_tui.ui.text import clean, iso_time, literal, relative, status_text
from efs_tui.ui.widgets.share_detail import ShareExtras, service_details, share_details

Clock = Callable[[], datetime]


def _value(value: str | None) -> Text:
    """One API value on one logical line: a newline shows as ``␊`` (wrapped, never broken), so a
    name cannot draw fake "Status" or "Id" rows under itself."""
    if not value:
        return Text("—", style="dim")
    text = literal(value)
    text.no_wrap = False
    return text


def _nfs_path(snap: Snapshot, access_path: str | None) -> Text:
    """The snapshot's full NFS path, or why it is not known yet."""
    full = snapshot_nfs_path(access_path, snap.path)
    if full is not None:
        return _value(full)
    if not snap.path:
        return Text("—", style="dim")
    return Text("share's access path not loaded yet", style="dim italic")


def snapshot_details(
    snap: Snapshot,
    service: Service | None,
    share: Share | None,
    now: datetime,
    zone: tzinfo | None,
    fetched_at: datetime | None = None,
    access_path: str | None = None,
) -> Table:
    """A two-column grid of every field, most important first; values are literal text, never markup.

    ``Path`` is what the API gives (relative to the share's export); ``NFS path``
    joins it to the share's preferred ``access_path`` (see
    :func:`efs_tui.core.copying.snapshot_nfs_path`), the path to browse on a client.
    """
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold cyan", no_wrap=True, width=12)
    grid.add_column(ratio=1, overflow="fold")
    # Most useful first: at 80x24 the panel shows about six rows, and what an operator checks
    # before acting is the name, state, age, kind and purpose; ids and raw paths come after.
    grid.add_row("Name", _value(snap.name))
    grid.add_row("Status", status_text(snap.status, snapshot_status_group(snap.status)))
    created = Text(iso_time(snap.created_at, zone))
    created.append(f"  ({relative(snap.created_at, now)})", style="dim")
    grid.add_row("Created", created)
    grid.add_row("Type", _value(snap.type))
    grid.add_row("Description", _value(snap.description))
    if snap.path is None or ":/" not in snap.path:  # a full path from the API is the NFS path already
        grid.add_row("NFS path", _nfs_path(snap, access_path))
    grid.add_row("Id", _value(snap.id))
    grid.add_row("Path", _value(snap.path))
    if share is not None:
        grid.add_row("Share", Text.assemble(clean(share.label), (f"  {clean(share.id)}", "dim")))
    if service is not None:
        grid.add_row("Service", Text.assemble(clean(service.label), (f"  {clean(service.id)}", "dim")))
    if fetched_at is not None:
        grid.add_row("Fetched", Text(f"GET {relative(fetched_at, now)}", style="dim"))
    return grid


class DetailBody(Static):
    """The panel's text, repainting only the lines that changed.

    Over a slow SSH link every repainted line costs bytes: moving the table's cursor between two
    snapshots changes a few values (name, id, created…) while the labels, the share and the service
    stay, so those lines are not sent again. When the height changes, it is a normal update.
    """

    _quiet = False
    """While set, :meth:`refresh` does nothing (``Static.update`` asks for a full one)."""

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._quiet:
            self._layout_cache.clear()  # what a refresh forgets: the old visual and its height
            self.clear_cached_dimensions()
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def update(self, content: VisualType = "", *, layout: bool = True, viewport: int | None = None) -> None:
        """Show ``content``, repainting only the lines that differ from what is on screen.

        With ``viewport`` (the panel's visible height, given while the view stays the same), a
        shorter content that fits is padded with blank lines to the current height (still fitting),
        so that moving between a snapshot with a wrapped description and one without does not
        relayout and repaint the whole panel. When the content overflows the panel it is not padded:
        the blank lines would change the scrollbar.
        """
        width, height = self.size
        cache = self._render_cache
        old = cache.lines if cache.size == self.size and not self._dirty_regions and width and height else None
        self._quiet_update(content)
        if old is None or len(old) != height:
            super().refresh(layout=layout)
            return
        new_height = self._height(width)
        if (
            viewport is not None
            and new_height < height
            and height <= viewport
            and isinstance(content, ConsoleRenderable)
        ):
            self._quiet_update(Group(content, *(Text("") for _ in range(height - new_height))))
            new_height = self._height(width)
        if new_height != height:
            super().refresh(layout=layout)
            return
        strips = Visual.to_strips(self, self._render(), width, height, self.visual_style)
        for y, (before, after) in enumerate(zip(old, strips, strict=True)):
            if before != after:
                super().refresh(Region(0, y, width, 1))

    def _height(self, width: int) -> int:
        """The content's height at ``width``, as the layout would compute it."""
        return self.get_content_height(Size(width, 0), Size(width, 0), width)

    def _quiet_update(self, content: VisualType) -> None:
        self._quiet = True
        try:
            super().update(content, layout=False)
        finally:
            self._quiet = False


class DetailPanel(VerticalScroll):
    """A scrollable panel; focusable so Tab reaches it and j/k scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, *, clock: Clock, zone: tzinfo | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self.zone = zone
        self._body = DetailBody(Text("No snapshot selected.", style="dim"), id="detail-body")
        self._title: str | None = None
        self.snapshot: Snapshot | None = None
        """The table's highlighted snapshot, shown in the snapshot view (``None`` when the share has none).

        Kept while the share view is up, so it always names the snapshot that actions would act on."""
        self.view: str = "snapshot"
        """What is shown: ``snapshot``, ``share``, ``service`` or ``message``."""
        self.access_paths: dict[str, str] = {}
        """The preferred access path of each share met so far, by share id (filled by whoever fetched it).

        Access paths rarely change, and the full NFS path of every snapshot is built from them."""

    def compose(self) -> ComposeResult:
        yield self._body

    def show(
        self,
        snap: Snapshot | None,
        service: Service | None = None,
        share: Share | None = None,
        fetched_at: datetime | None = None,
        *,
        note: Text | None = None,
    ) -> None:
        """Show ``snap`` (or a hint when there is none); ``note`` (e.g. a failed delete) goes first."""
        self.snapshot = snap
        if snap is None:
            self._set("message", Text("No snapshot selected.", style="dim"))
            return
        access = self.access_paths.get(share.id) if share is not None else None
        details = snapshot_details(snap, service, share, self._clock(), self.zone, fetched_at, access)
        self._set("snapshot", details if note is None else Group(note, details))

    def message(self, text: str) -> None:
        """Show a plain message instead of a snapshot (e.g. while nothing is loaded)."""
        self.snapshot = None
        self._set("message", Text(text, style="dim"))

    def show_share(self, share: Share, service: Service, extras: ShareExtras | None) -> None:
        """Show a share, its snapshot policy and reserve (``extras`` is ``None`` while they load)."""
        self._set("share", share_details(share, service, extras, self._clock(), self.zone))

    def show_service(
        self, service: Service, used: int | None, shares: int | None, *, manual: ManualQuota | None = None
    ) -> None:
        """Show a service: region, status, quota and usage, and its manual snapshots when some lists are loaded."""
        self._set("service", service_details(service, used, shares, manual))

    def set_title(self, title: str) -> None:
        """Set the border title; setting it again unchanged would repaint the whole panel (borders, scrollbar)."""
        if title != self._title:
            self._title = title
            self.border_title = title

    def _set(self, view: str, renderable: RenderableType) -> None:
        same = view == self.view
        if not same:
            self.scroll_home(animate=False)
        self.view = view
        self._body.update(renderable, viewport=self.scrollable_content_region.height if same else None)
