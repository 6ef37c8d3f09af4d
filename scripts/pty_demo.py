"""Start ``efs-tui --demo`` in a pseudo-terminal, wait for its first screen, press q, expect exit 0.

Standard library only: it runs with the Python of the fresh venv the smoke test installs the
wheel into. Usage: ``python pty_demo.py /path/to/efs-tui``. The screen counts as shown when the
demo's data (a share name of the demo dataset) has been drawn.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

COLUMNS, ROWS = 100, 30
SHOWN = b"web-content"  # a share of the demo dataset: the tree has loaded from the emulator
TIMEOUT = 60.0


def read_until(fd: int, wanted: bytes, deadline: float, seen: bytearray) -> bool:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return wanted in seen
        if not chunk:
            return wanted in seen
        seen += chunk
        if wanted in seen:
            return True
    return False


def main(program: str) -> int:
    pid, fd = pty.fork()
    if pid == 0:  # child: the app, on the pty
        os.environ["TERM"] = "xterm-256color"
        os.execv(program, [program, "--demo"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    seen = bytearray()
    if not read_until(fd, SHOWN, time.monotonic() + TIMEOUT, seen):
        os.kill(pid, 9)
        print(f"pty smoke: the demo never showed {SHOWN!r}; last output: {bytes(seen[-400:])!r}", file=sys.stderr)
        return 1
    os.write(fd, b"q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        read_until(fd, b"\x00never", time.monotonic() + 0.2, seen)  # drain so the app can exit
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            print(f"pty smoke: --demo drew its first screen ({len(seen)} bytes) and quit on q with {code}")
            return 0 if code == 0 else 1
    os.kill(pid, 9)
    print("pty smoke: q did not quit the demo within 20 s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
