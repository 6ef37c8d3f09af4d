"""The one exit-code table of every `efs-tui` command (login, logout, profiles, snapshots, completion).

Scripts branch on these numbers, so a keyring problem must mean the same thing whether it
stops `efs-tui login` or `efs-tui snapshots list`. The README's "Exit codes" table is generated
from :data:`EXIT_CODES` and a test keeps the two equal.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class ExitCode(NamedTuple):
    code: int
    name: str
    meaning: str


EXIT_OK: Final = 0
EXIT_API_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_NOT_FOUND: Final = 3
EXIT_CREDENTIALS: Final = 4
EXIT_TIMEOUT: Final = 5
EXIT_INTERRUPTED: Final = 130

EXIT_CODES: Final[tuple[ExitCode, ...]] = (
    ExitCode(EXIT_OK, "ok", "done (a dry run: the plan was printed, nothing was sent)"),
    ExitCode(
        EXIT_API_ERROR,
        "api-error",
        "the API refused the call, could not be reached, or a write's outcome is unknown",
    ),
    ExitCode(
        EXIT_USAGE, "usage", "bad arguments or input (e.g. an id that is not a UUID) or not confirmed: nothing sent"
    ),
    ExitCode(EXIT_NOT_FOUND, "not-found", "the service, share or snapshot does not exist"),
    ExitCode(
        EXIT_CREDENTIALS,
        "credentials",
        "no usable credentials: none configured, rejected or expired, or no OS keyring to read them from",
    ),
    ExitCode(EXIT_TIMEOUT, "timeout", "--wait gave up before the snapshot or share reached a final state"),
    ExitCode(EXIT_INTERRUPTED, "interrupted", "Ctrl+C; a write in flight may or may not have applied"),
)


def exit_code_table() -> str:
    """The table as Markdown, for the README and `--help` epilogs."""
    lines = ["| code | meaning |", "| --- | --- |"]
    lines += [f"| {entry.code} | {entry.meaning} |" for entry in EXIT_CODES]
    return "\n".join(lines)
