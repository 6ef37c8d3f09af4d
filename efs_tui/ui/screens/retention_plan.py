"""The retention planner's preview: rule fields, every snapshot with its decision, a typed confirmation.

The plan is :func:`efs_tui.core.retention.make_plan`, the same one ``efs-tui snapshots
prune --dry-run`` prints, made again on every change of a field from snapshots already
listed: editing the rules sends nothing. A field the planner's rules refuse (a keep
that is not a whole number, ``30`` without a unit, a prefix with a control character,
no rule at all) is said under the fields, in the core's words, and leaves no plan to
confirm. Deletions come first, marked ``DELETE``; every kept snapshot says which rule
kept it (automatic and system ones included), so the operator sees why as well as what.

The screen itself deletes nothing: once the number of deletions is typed in the
:class:`~efs_tui.ui.dialogs.confirm_typed.TypedConfirmDialog`, it dismisses with the
plan and its caller sends the DELETEs through the bulk delete's report.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from efs_tui.core.query import DurationError, parse_duration
from efs_tui.core.retention import Plan, PlanItem, RuleError, Rules, ShareSnapshots, check_prefix, make_plan
from efs_tui.core.wording import counted, format_duration
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.plan_list import PlanList
from efs_tui.ui.widgets.safe_input import SafeInput

ShareKey = tuple[str, str]

#: The CLI flags the core's messages and rule words name, in the words of this form's fields.
_FORM_WORDS: Final = (
    ("--keep N", "Keep newest"),
    ("--keep", "Keep newest"),
    ("--older-than D", "Older than"),
    ("--older-than", "Older than"),
    ("--include-automatic", "Include automatic"),
    ("leave --prefix out", "leave Prefix empty"),
)


def form_words(text: str) -> str:
    """The core's sentence with its CLI flags named as this form's fields (the rest is the core's own words)."""
    for flag, field in _FORM_WORDS:
        text = text.replace(flag, field)
    return text


def expected_text(count: int) -> str:
    """What the operator types to confirm ``count`` deletions: ``delete 12`` (the number proves the count was read)."""
    return f"delete {count}"


def read_rules(keep: str, older_than: str, prefix: str, include_automatic: bool) -> Rules | list[str]:
    """The rules the fields say, or the problems with them (one sentence each, nothing sent).

    An empty field means "no such rule"; every check is the planner's own
    (:class:`~efs_tui.core.retention.Rules`, :func:`~efs_tui.core.query.parse_duration`,
    :func:`~efs_tui.core.retention.check_prefix`), so the form refuses what the CLI refuses.
    """
    problems: list[str] = []
    count: int | None = None
    if keep.strip():
        try:
            count = int(keep.strip())
        except ValueError:
            problems.append(f"Keep newest: {clean(keep)!r} is not a whole number.")
    age: timedelta | None = None
    if older_than.strip():
        try:
            age = parse_duration(older_than)
        except DurationError as error:
            problems.append(f"Older than: {error}.")
    start: str | None = prefix or None
    if start is not None:
        problems += check_prefix(start)
    if problems:
        return problems
    try:
        return Rules(keep=count, older_than=age, prefix=start, include_automatic=include_automatic)
    except RuleError as error:
        return [form_words(str(error))]


def counts_line(deleting: int, kept: int, shares: int) -> str:
    """``12 to delete, 33 kept in 3 shares``."""
    return f"{deleting} to delete, {kept} kept in {shares} share{'' if shares == 1 else 's'}"


class RetentionPlanScreen(Screen[Plan | None]):
    """Rule fields over a live preview; dismisses with the confirmed plan, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+d", "confirm_plan", "Delete…", priority=True),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | tab / shift+tab | Next / previous field (Keep newest, Older than, Prefix, Include automatic, the preview). |
    | enter, ctrl+d | Delete what the plan says: asks to type `delete N` first. |
    | escape | Back; nothing is sent. |
    """

    DEFAULT_CSS = """
    RetentionPlanScreen {
        #plan-title { height: 1; padding: 0 1; background: $panel; }
        #plan-form { height: 1; }
        #plan-form Label { padding: 0 1 0 1; }
        #plan-keep { width: 6; }
        #plan-older { width: 10; }
        #plan-prefix { width: 1fr; min-width: 8; }
        #plan-automatic { margin-left: 1; }
        #plan-rules { height: auto; padding: 0 1; color: $text-muted; }
        #plan-rules.-error { color: $text-error; }
        #plan-counts { height: 1; padding: 0 1; text-style: bold; }
        #plan-table { height: 1fr; }
        #plan-why { height: auto; max-height: 2; padding: 0 1; }
        #plan-buttons { height: 1; align-horizontal: right; }
        #plan-buttons Button { margin-left: 1; }
    }
    """

    def __init__(
        self,
        shares: Sequence[ShareSnapshots],
        *,
        scope: str,
        now: datetime,
        labels: Mapping[ShareKey, str] | None = None,
        selection: Collection[str] | None = None,
        zone: tzinfo | None = None,
        rules: Rules | None = None,
    ) -> None:
        """Build the preview.

        Args:
            shares: Every snapshot of each share in scope (all of them: "never the latest" needs the whole list).
            scope: What the plan covers, in words (``share web-01``, ``12 marked snapshots``); API text is cleaned here.
            now: The clock reading ages are measured from (:func:`efs_tui.ui.flows.prune.api_now`, as the CLI).
            labels: ``share · service`` per share, for the share column (shown when the plan spans shares).
            selection: Snapshot ids the plan may delete (the marks, the filtered rows); ``None``: every one.
            zone: Time zone of the creation dates (``None``: local), as the table shows them.
            rules: The fields' first values; by default keep the newest 5, delete what is older than 30 days.
        """
        super().__init__()
        self._shares = list(shares)
        self._scope = scope
        self._now = now
        self._labels = dict(labels or {})
        self._selection = None if selection is None else frozenset(selection)
        self._zone = zone
        self._first = rules or Rules(keep=5, older_than=timedelta(days=30))
        self.plan: Plan | None = None
        """The plan the fields say now; ``None`` while they are refused."""
        self.problems: list[str] = []
        """Why the fields make no plan (shown under them)."""

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        first = self._first
        older = "" if first.older_than is None else format_duration(first.older_than, as_typed=True)
        yield Static(Text.assemble(("Retention plan", "bold"), f" │ {clean(self._scope)}"), id="plan-title")
        with Horizontal(id="plan-form"):
            yield Label("Keep newest")
            yield SafeInput("" if first.keep is None else str(first.keep), id="plan-keep", compact=True)
            yield Label("Older than")
            yield SafeInput(older, placeholder="30d", id="plan-older", compact=True)
            yield Label("Prefix")
            yield SafeInput(first.prefix or "", placeholder="any name", id="plan-prefix", compact=True)
            yield Checkbox("Include automatic", first.include_automatic, id="plan-automatic", compact=True)
        yield Static("", id="plan-rules")
        yield Static("", id="plan-counts")
        yield PlanList(
            zone=self._zone,
            share_label=self._label if len(self._shares) > 1 else None,
            rule_words=form_words,
            id="plan-table",
        )
        yield Static("", id="plan-why")
        with Horizontal(id="plan-buttons"):
            yield Button("Delete…", id="plan-delete", variant="error", compact=True, disabled=True)
            yield Button("Back", id="plan-back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_plan()
        self.query_one("#plan-keep", Input).focus()

    @property
    def _spans_shares(self) -> bool:
        return len(self._shares) > 1

    # -- the plan -----------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _fields_changed(self) -> None:
        if self.is_mounted:
            self.refresh_plan()

    def refresh_plan(self) -> None:
        """Read the fields, make the plan again (no request) and redraw the preview."""
        found = read_rules(
            self.query_one("#plan-keep", Input).value,
            self.query_one("#plan-older", Input).value,
            self.query_one("#plan-prefix", Input).value,
            self.query_one("#plan-automatic", Checkbox).value,
        )
        rules_line = self.query_one("#plan-rules", Static)
        counts = self.query_one("#plan-counts", Static)
        table = self.query_one(PlanList)
        button = self.query_one("#plan-delete", Button)
        if isinstance(found, list):
            table.set_items(())
            self.plan, self.problems = None, found
            rules_line.update(Text("✖ " + " ".join(clean(p) for p in found)))
            rules_line.add_class("-error")
            counts.update(Text("No plan: fix the fields above; nothing is sent."))
            button.disabled = True
            button.label = "Delete…"
            return
        self.problems = []
        plan = self.plan = make_plan(self._shares, found, now=self._now, selection=self._selection)
        rules_line.update(Text(clean(form_words(found.describe()))))
        rules_line.remove_class("-error")
        to_delete, kept = plan.to_delete, plan.kept
        deleting = len(to_delete)
        line = counts_line(deleting, len(kept), len(self._shares))
        counts.update(Text(line, style="bold red" if deleting else "bold"))
        button.disabled = deleting == 0
        button.label = f"Delete {deleting}…" if deleting else "Nothing to delete"
        table.set_items((*to_delete, *kept))

    def _label(self, item: PlanItem) -> str:
        return clean(self._labels.get((item.service_id, item.share_id), item.share_id))

    @on(PlanList.Highlighted)
    def _row_highlighted(self, event: PlanList.Highlighted) -> None:
        """The highlighted row in full under the list: its rule is often wider than 80 columns leave it."""
        why, item = self.query_one("#plan-why", Static), event.item
        if item is None:
            why.update("")
            return
        line = Text.assemble((clean(item.snapshot.name) or "(no name)", "bold"), " ")
        if self._spans_shares:
            line.append(f"({self._label(item)}) ", style="dim")
        line.append(clean(form_words(item.rule)), style="red" if item.delete else "")
        why.update(line)

    # -- confirming ---------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#plan-delete")
    def action_confirm_plan(self) -> None:
        """Ask for ``delete N`` typed out; the plan then goes back to the caller, which deletes."""
        plan = self.plan
        if plan is None:
            self.notify(" ".join(self.problems), title="Retention plan", severity="warning", markup=False)
            return
        to_delete = plan.to_delete
        if not to_delete:
            self.notify("Nothing to delete with these rules.", title="Retention plan", markup=False)
            return
        shares = len({(item.service_id, item.share_id) for item in to_delete})
        count = len(to_delete)
        lines = [
            f"{counted(count, 'snapshot')} on {counted(shares, 'share')}"
            f" will be deleted, with no way back. Rules: {form_words(plan.rules.describe())}.",
            "Each DELETE is sent once (never retried); the report lists every result.",
        ]
        for item in to_delete:
            where = self._labels.get((item.service_id, item.share_id)) if self._spans_shares else None
            lines.append(f"• {item.snapshot.label}" + (f"  ({where})" if where else ""))

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.dismiss(plan)

        self.app.push_screen(
            TypedConfirmDialog(f"Delete {counted(count, 'snapshot')}", lines, expected_text(count), f"Delete {count}"),
            callback=confirmed,
        )

    @on(Button.Pressed, "#plan-back")
    def action_back(self) -> None:
        """Back; nothing was sent."""
        self.dismiss(None)


__all__ = ["RetentionPlanScreen", "counts_line", "expected_text", "form_words", "read_rules"]
