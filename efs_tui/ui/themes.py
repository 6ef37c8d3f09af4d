"""A theme for 16-colour terminals (``TERM=xterm``, ``linux``), where the default one blurs.

Textual's default theme gives the focus (``$accent``) and warnings the same
orange, and errors a dark pink; squeezed into 16 colours all three become red,
so the focused pane looks like an error. This theme names ANSI colours directly:
focus bright cyan, warnings yellow, errors red, success green.
"""

from __future__ import annotations

from typing import Any

from textual import constants
from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme

SIXTEEN_COLOURS = "standard"
"""Rich's name for a 16-colour terminal."""

ANSI_THEME = Theme(
    name="efs-ansi",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_cyan",
    accent="ansi_bright_cyan",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        **BUILTIN_THEMES["ansi-dark"].variables,
        "border": "ansi_bright_cyan",
        "border-blurred": "ansi_bright_black",
        "panel-lighten-2": "ansi_bright_black",
    },
)


def theme_for(color_system: str | None, current: str) -> str | None:
    """The theme to switch to: :data:`ANSI_THEME` on 16 colours when the theme is still Textual's default."""
    if color_system == SIXTEEN_COLOURS and current == constants.DEFAULT_THEME:
        return ANSI_THEME.name
    return None


def ansi_theme_on_16_colours(app: App[Any]) -> str | None:
    """Register :data:`ANSI_THEME`; the theme to switch to on a 16-colour terminal (see :func:`theme_for`).

    Headless runs (tests, screenshots) keep the theme they were given: their
    pictures must not depend on the ``TERM`` of the machine that draws them.
    The caller switches, so it can tell an automatic pick from one the user
    made (only the latter is saved).
    """
    app.register_theme(ANSI_THEME)
    if app.is_headless:
        return None
    return theme_for(app.console.color_system, app.theme)
