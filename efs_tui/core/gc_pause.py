"""No cyclic garbage collection while the TUI starts; one collection and a freeze once its first table is on screen.

A cold start allocates hundreds of thousands of objects that all stay alive (modules,
classes, stylesheets, widgets), so the collector's passes over them during the start find
next to nothing: ~160 passes (one of them full) took 60-120 ms before the first table on a
2-core machine (``gc.callbacks``, benchmark scenario 1), and pausing them cut the main thread's
CPU up to the first table from 591 to 501 ms (medians of 8). Reference counting still frees
everything that is not in a cycle meanwhile.

:func:`pause` is called first thing by the ``efs-tui`` command for the TUI (before the imports);
:func:`resume` by the app once the first table is painted, or a moment after mount if none
comes, and by the onboarding and no-keyring screens (they wait for the user). It runs one full
collection there (the start's few cycles are freed, off the critical path: after the first
frame) and then ``gc.freeze()``: the survivors, the app's long-lived objects, move to the
permanent generation, so the later full passes (during an account walk, ~100 ms each before)
no longer rescan them. Only what :func:`pause` paused is resumed: an app built by the tests or
the benchmarks runs with the collector as it found it.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collections until :func:`resume` (nothing to do if they are already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect once, freeze the survivors and turn automatic collections back on; once, only after :func:`pause`."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    gc.enable()
