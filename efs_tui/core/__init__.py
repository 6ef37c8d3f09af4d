"""The Textual-free heart of efs-tui: domain rules shared by the TUI and the CLI.

Everything here may import :mod:`efs_tui.api` but never Textual, Rich or :mod:`efs_tui.ui`
(tests/test_architecture.py checks it in a fresh interpreter), so that the CLI gets the same
sanitizing, validation, write outcomes, audit and planning rules as the terminal UI.
"""
