"""The profile switcher (``P``): pick another account or endpoint without restarting.

Each line shows what tells two accounts apart at a glance, the profile name, its
endpoint and whether it is read-only, and never a secret (the secrets are read
from the keyring only once a profile is picked). The active profile is marked and
picking it again just closes the list: reconnecting is ``r``'s job.
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

from efs_tui.config.switch import ProfileChoice
from efs_tui.core.sanitize import safe_text
from efs_tui.ui.dialogs.base import DialogScreen

HINT = "Enter: switch · Esc: stay. Secrets are read from the keyring; if they cannot be, nothing changes."


class ProfileSwitcher(DialogScreen[str | None]):
    """Choose a profile; dismiss with its name (``None``: stay on the active one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Next", show=False),
        Binding("k", "move(-1)", "Previous", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Switch to the highlighted profile. |
    | j / k | Next / previous profile, as in the tree and the table. |
    | escape | Close and keep the active profile. |
    """

    DEFAULT_CSS = """
    ProfileSwitcher {
        #profiles {
            height: auto;
            max-height: 14;
        }
    }
    """

    def __init__(self, choices: Sequence[ProfileChoice], active: str | None) -> None:
        """Build the list.

        Args:
            choices: The configured profiles (see :func:`efs_tui.config.switch.configured_profiles`).
            active: The profile in use, marked and highlighted first.
        """
        super().__init__()
        self._choices = list(choices)
        self._active = active

    def compose(self) -> ComposeResult:
        """The profiles, then what Enter does."""
        with Vertical(id="dialog"):
            yield OptionList(*(self._option(choice) for choice in self._choices), id="profiles")
            yield Static(HINT, classes="dialog--hint", markup=False)

    def on_mount(self) -> None:
        """Title the box and start on the active profile."""
        self.set_dialog_title("Switch profile")
        options = self.query_one(OptionList)
        names = [choice.name for choice in self._choices]
        if self._active in names:
            options.highlighted = names.index(self._active)

    def _option(self, choice: ProfileChoice) -> Option:
        """``● prod  ovh-eu  read-only  default``: name in bold, the rest dim; the names are config.toml's own."""
        active = choice.name == self._active
        prompt = Text(no_wrap=True, overflow="ellipsis")
        prompt.append("● " if active else "  ", style="green")
        prompt.append(f"{safe_text(choice.name):16} ", style="bold")
        prompt.append(f"{safe_text(choice.endpoint):24} ", style="dim")
        if choice.read_only:
            prompt.append("read-only ", style="yellow")
        if choice.default:
            prompt.append("default ", style="dim")
        if active:
            prompt.append("(active)", style="dim italic")
        return Option(prompt, id=choice.name)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a profile: switch to it (the active one: just close)."""
        self.dismiss(None if event.option.id == self._active else event.option.id)

    def action_move(self, step: int) -> None:
        """``j`` / ``k``: the same moves as the arrows."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        """Close and keep the active profile."""
        self.dismiss(None)
