"""The API activity log (``L``): every HTTP exchange, newest last, following new ones.

One line per call: time, method, status, duration, OVH query id (what support
asks for; up to ~60 characters, so it comes before the path and is whole at 100
columns), path. A line longer than the screen scrolls sideways with ←/→ (h/l);
the horizontal scrollbar is hidden, as its thumb looked like a stray block in
the middle of the screen and the cut lines already show there is more. New calls
are followed only while the view is at the bottom: reading older ones keeps its place.
The lines come from :class:`efs_tui.core.activity.ActivityLog`, which never holds a
header or a body; each line still goes through the credentials' redaction,
because this is the text people paste into bug reports.
Lines are literal text (``RichLog(markup=False)`` and ``Text`` objects): a path
holds ids from the API and must never be read as markup.

No timer: the screen registers its own client listener while it is open and
appends what is new, so an idle log costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from efs_tui.api.client import OvhClient, RequestRecord
from efs_tui.core.activity import ActivityLog, format_entry, redact

if TYPE_CHECKING:
    # RichLog imports rich.pretty (and attrs through it): imported when the log first opens, not
    # with the main screen that imports this module (benchmark s1, the cold start).
    from textual.widgets import RichLog

HINT = "time  method  status  duration  query id  path · L/Esc close · j/k/g/G scroll · ←/→ sideways"
"""The hint line: the columns in the order :func:`efs_tui.core.activity.format_entry` writes them."""


def activity_line(entry: RequestRecord, client: OvhClient, *, utc: bool) -> Text:
    """One exchange as a literal, redacted line; failures in red, retries in yellow.

    The query id comes before the path (:data:`HINT`), so at 100 columns it is
    whole and only the path can run past the edge.
    """
    line = format_entry(entry, secrets=client.credentials.secrets(), utc=utc, short_ids=True, query_id_first=True)
    line = client.redact(redact(line, client.credentials.secrets()))
    failed = entry.status is None or entry.status >= 400
    return Text(line, style="red" if failed else ("yellow" if entry.attempt > 1 else ""), no_wrap=True)


class ActivityScreen(ModalScreen[None]):
    """A large overlay with the activity log; ``L``, Esc or ``q`` closes it."""

    DEFAULT_CSS = """
    ActivityScreen #activity-log {
        scrollbar-size-horizontal: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,L", "close", "Close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
        Binding("g", "scroll('home')", "First", show=False),
        Binding("G", "scroll('end')", "Last", show=False),
        Binding("h,left", "scroll('left')", "Left", show=False),
        Binding("l,right", "scroll('right')", "Right", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | L, escape, q | Close the log. |
    | j, k, g, G | Scroll; G follows new calls again. |
    | h, l, left, right | Scroll sideways (long paths and query ids). |
    """

    class NewRecords(Message):
        """The client finished one more exchange."""

    def __init__(self, log: ActivityLog, client: OvhClient, *, utc: bool) -> None:
        super().__init__()
        self.activity = log
        self.client = client
        self.utc = utc
        """Show times in UTC (follows the app's UTC / local toggle)."""
        self._seen = 0
        """``log.total`` when the view last caught up."""

    def compose(self) -> ComposeResult:
        from textual.widgets import RichLog

        with Vertical(id="activity-dialog"):
            yield RichLog(max_lines=self.activity.maxlen, wrap=False, markup=False, highlight=False, id="activity-log")
            yield Static(Text(HINT, style="dim", no_wrap=True, overflow="ellipsis"), id="activity-hint")

    def _view(self) -> RichLog:
        from textual.widgets import RichLog

        return self.query_one("#activity-log", RichLog)

    def on_mount(self) -> None:
        zone = "UTC" if self.utc else "local time"
        self.query_one("#activity-dialog").border_title = Text(f"API activity ({zone})")
        if self.activity.total == 0:
            self._view().write(Text("No API call yet.", style="dim"))
        self._append_new()
        self._view().focus()
        self.client.add_listener(self._on_record)

    def on_unmount(self) -> None:
        self.client.remove_listener(self._on_record)

    def _on_record(self, _record: RequestRecord) -> None:
        """Client listener (on the event loop): just ask for a catch-up."""
        self.post_message(self.NewRecords())

    @on(NewRecords)
    def _caught_up(self) -> None:
        self._append_new()

    def _append_new(self) -> None:
        """Write the calls not shown yet; scroll to them only if the user was at the bottom already.

        Someone reading older calls (scrolled up) keeps their place; ``G`` or
        scrolling back down follows new calls again.
        """
        total = self.activity.total
        new = total - self._seen
        self._seen = total
        if new <= 0:
            return
        view = self._view()
        follow = view.is_vertical_scroll_end
        for entry in self.activity.entries(limit=new):
            view.write(activity_line(entry, self.client, utc=self.utc), scroll_end=follow)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, where: str) -> None:
        view = self._view()
        if where == "down":
            view.scroll_down()
        elif where == "up":
            view.scroll_up()
        elif where == "left":
            view.scroll_left()
        elif where == "right":
            view.scroll_right()
        elif where == "home":
            view.scroll_home()
        else:
            view.scroll_end()
