"""The form to create a snapshot policy (name, description, up to four rules) or rename one.

Rules are typed one per line, in cron order after the prefix and the number of
copies kept (``daily 7 10 0``: every day at 00:10 UTC, keep 7). Below the lines,
the preview says each rule in words, the next automatic snapshots, and which
existing automatic snapshots of the share the rotation would remove if the
policy were attached to it. A wrong line is named under the field and Create
refuses: nothing is sent until every rule is valid.

The API never changes a policy's rules after creation (its PUT takes only the
name and description), so editing shows the rules read-only and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label, Static, TextArea

from efs_tui.api.models import PolicyRule, Snapshot, SnapshotPolicy
from efs_tui.core.policy_rules import MAX_RULES, PolicyDraft, RuleError, format_rule, next_runs, parse_rules
from efs_tui.core.policy_rules import rotation_preview as preview_rotation
from efs_tui.core.policy_text import describe_rule
from efs_tui.core.sanitize import safe_text
from efs_tui.core.validation import check_description, check_name, trim
from efs_tui.ui.dialogs.form import FormDialog
from efs_tui.ui.widgets.safe_input import SafeInput

RULES_HINT = (
    f"One rule a line, at most {MAX_RULES}: PREFIX KEEP MINUTE [HOUR DAY MONTH WEEKDAY], "
    "cron order, times in UTC; * or a left-out field = every; lists 0,30 and ranges 1-5; weekdays 0 = Sunday."
)
EXAMPLE_RULES = "daily 7 10 0\nweekly 4 0 2 * * 0"
REMOVED_LISTED = 10


def preview_lines(
    rules: Sequence[PolicyRule], now: datetime, share: str | None, snapshots: Sequence[Snapshot]
) -> list[str]:
    """What the policy would do: each rule in words, the next snapshots, the ones its rotation removes."""
    lines = [f"{rule.prefix}: {describe_rule(rule)}" for rule in rules]
    runs = next_runs(rules, now)
    if runs:
        lines.append("Next automatic snapshots: " + ", ".join(f"{p}.{w:%Y-%m-%d_%H%M}" for w, p in runs))
    if share is not None:
        rotation = preview_rotation(rules, snapshots)
        if rotation.removed:
            names = [s.name or s.id for s, _ in rotation.removed[:REMOVED_LISTED]]
            more = len(rotation.removed) - len(names)
            lines.append(
                f"If attached to {share}, its rotation would remove {len(rotation.removed)} automatic snapshot(s): "
                + ", ".join(names)
                + (f" and {more} more" if more > 0 else "")
            )
        else:
            lines.append(f"If attached to {share}, its rotation would remove none of its automatic snapshots.")
    return lines


class PolicyEditorDialog(FormDialog[PolicyDraft]):
    """New policy (``policy=None``) or edit of one (name and description only); dismiss with a draft or ``None``.

    Enter does not submit: the rules field is multi-line, so Ctrl+S (or the button) does.
    """

    ENTER_SUBMITS = False

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Create / save")]
    """
    | Key(s) | Description |
    | :- | :- |
    | ctrl+s | Create / save (also the button). |
    | escape | Close without sending anything. |
    | tab / shift+tab | Move between fields and buttons. |
    """

    DEFAULT_CSS = """
    PolicyEditorDialog {
        #dialog {
            width: 96;
        }

        Label {
            margin-top: 1;
        }

        #rules {
            height: 6;
        }

        #preview {
            margin-top: 1;
        }
    }
    """

    def __init__(
        self,
        *,
        policy: SnapshotPolicy | None = None,
        preview_share: str | None = None,
        preview_snapshots: Sequence[Snapshot] = (),
        now: datetime | None = None,
    ) -> None:
        """Build the form.

        Args:
            policy: The policy to edit; ``None`` for a new one.
            preview_share: The share the preview is computed for (API text, shown literally).
            preview_snapshots: That share's snapshots.
            now: The moment next runs are counted from (UTC now by default).
        """
        editing = policy is not None
        super().__init__("Edit snapshot policy" if editing else "New snapshot policy", "Save" if editing else "Create")
        self._policy = policy
        self._share = preview_share
        self._snapshots = tuple(preview_snapshots)
        self._now = now

    @property
    def editing(self) -> bool:
        return self._policy is not None

    def compose_body(self) -> ComposeResult:
        policy = self._policy
        rules_text = "\n".join(safe_text(format_rule(r)) for r in policy.rules) if policy else EXAMPLE_RULES
        if policy is not None:
            yield Static(Text.assemble(("Policy: ", "bold"), safe_text(policy.id)), id="policy-id")
        yield Label("Name (optional)", markup=False)
        yield SafeInput(value=policy.name or "" if policy else "", id="name", select_on_focus=False)
        yield Label("Description (optional)", markup=False)
        yield SafeInput(value=policy.description or "" if policy else "", id="description", select_on_focus=False)
        yield Label("Rules" + (" (fixed: the API cannot edit them)" if policy else ""), markup=False)
        yield TextArea(rules_text, id="rules", read_only=policy is not None, soft_wrap=False)
        yield Static(
            "To change the schedule, create a new policy and attach it." if policy else RULES_HINT,
            classes="dialog--hint",
            markup=False,
        )
        yield Static("", id="error", classes="dialog--error", markup=False)
        yield Static("", id="preview", markup=False)

    def on_mount(self) -> None:
        self._refresh_preview()

    def _now_utc(self) -> datetime:
        return self._now or datetime.now(UTC)

    def _rules(self) -> tuple[PolicyRule, ...]:
        """The rules as typed, checked (raises :class:`RuleError`); when editing, the policy's own."""
        if self._policy is not None:
            return self._policy.rules
        return parse_rules(self.query_one("#rules", TextArea).text, self._now_utc())

    @on(TextArea.Changed, "#rules")
    def _refresh_preview(self) -> None:
        """Every keystroke: the rules in words and their effect, or the first problem."""
        error, preview = self.query_one("#error", Static), self.query_one("#preview", Static)
        try:
            rules = self._rules()
        except RuleError as problem:
            error.update(Text(str(problem)))
            preview.update("")
            return
        error.update("")
        share = None if self.editing else self._share
        preview.update(
            Text("\n".join(safe_text(line) for line in preview_lines(rules, self._now_utc(), share, self._snapshots)))
        )

    def draft(self) -> PolicyDraft | None:
        """Refuse while anything is wrong, saying what (the form stays as typed); else the draft."""
        error = self.query_one("#error", Static)
        name, description = self.value("name"), self.value("description")
        problems = check_name(name) + check_description(description)
        if problems:
            error.update(Text("; ".join(problems)))
            return None
        try:
            rules = self._rules()
        except RuleError as problem:
            error.update(Text(f"{problem}. Nothing was sent."))
            return None
        return PolicyDraft(name=trim(name) or None, description=trim(description) or None, rules=rules)


__all__ = ["PolicyEditorDialog", "preview_lines"]
