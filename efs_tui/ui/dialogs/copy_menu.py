"""The copy menu (``Y`` / ``c``): pick what to put on the clipboard.

Every entry shows the exact text it would copy, so nothing surprising lands in
a shell. Entries that are not available (no path, no error yet) stay listed,
greyed out with the reason, so the menu has the same shape every time and the
number keys always mean the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from efs_tui.core.copying import TMUX_HINT, CopyChoice
from efs_tui.core.sanitize import safe_text
from efs_tui.ui.dialogs.base import DialogScreen


class CopyMenu(DialogScreen[CopyChoice | None]):
    """Choose an entry; dismiss with the chosen :class:`CopyChoice` (``None``: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(str(n), f"pick({n - 1})", f"Copy #{n}", show=False) for n in range(1, 10)),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Copy the highlighted entry. |
    | 1-9 | Copy that entry. |
    | escape | Close without copying. |
    """

    DEFAULT_CSS = """
    CopyMenu {
        #choices {
            height: auto;
            max-height: 16;
        }
    }
    """

    def __init__(self, choices: Sequence[CopyChoice]) -> None:
        """Build the menu.

        Args:
            choices: The entries, in order (see :func:`efs_tui.core.copying.copy_choices`).
        """
        super().__init__()
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        """The entries, then a hint about clipboards over SSH."""
        with Vertical(id="dialog"):
            yield OptionList(*(self._option(n, c) for n, c in enumerate(self._choices, 1)), id="choices")
            yield Static(TMUX_HINT, classes="dialog--hint", markup=False)

    def on_mount(self) -> None:
        """Title the box."""
        self.set_dialog_title("Copy to clipboard")

    @staticmethod
    def _option(number: int, choice: CopyChoice) -> Option:
        """``1 Label`` over the exact text (or the reason it is unavailable), dimmed."""
        prompt = Text.assemble((f"{number} ", "bold"), choice.label, "\n")
        if choice.text is None:
            prompt.append(f"  ({safe_text(choice.reason)})", style="dim italic")
        else:
            prompt.append(f"  {safe_text(choice.text)}", style="dim")
        return Option(prompt, id=choice.key, disabled=choice.text is None)

    def choice(self, key: str) -> CopyChoice | None:
        """The entry with ``key``, as currently known."""
        return next((c for c in self._choices if c.key == key), None)

    def update_choice(self, choice: CopyChoice) -> None:
        """Replace one entry (e.g. the mount command once the access paths are fetched)."""
        for index, old in enumerate(self._choices):
            if old.key == choice.key:
                self._choices[index] = choice
                options = self.query_one(OptionList)
                options.replace_option_prompt(choice.key, self._option(index + 1, choice).prompt)
                if choice.text is None:
                    options.disable_option(choice.key)
                else:
                    options.enable_option(choice.key)
                return

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an entry: copy it."""
        if event.option.id is not None:
            self._dismiss_with(event.option.id)

    def action_pick(self, index: int) -> None:
        """A number key: copy that entry, if it exists and is available."""
        if 0 <= index < len(self._choices):
            self._dismiss_with(self._choices[index].key)

    def _dismiss_with(self, key: str) -> None:
        choice = self.choice(key)
        if choice is not None and choice.text is not None:
            self.dismiss(choice)
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        """Close without copying."""
        self.dismiss(None)
