"""Headless, scriptable commands (``efs-tui snapshots …``) sharing the TUI's config, keyring and audit log.

No Textual import anywhere in this package: a cron job should not pay for, nor
depend on, the terminal UI.
"""
