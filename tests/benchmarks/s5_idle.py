"""Scenario 5: idle footprint of the demo app (auto-refresh every 5 s), CPU% and RSS.

The app runs headless (``run_test``) in a child process; the emulator (demo dataset,
50 ms latency) runs in another, so the CPU figure is the app's alone.
"""

from __future__ import annotations

from .common import Options, Row, emulator_process, run_child


def run(options: Options) -> list[Row]:
    seconds = 10.0 if options.quick else 30.0
    with emulator_process(options.latency_ms) as emu:
        result = run_child("idle_child", emu.base_url, str(seconds), env=emu.env, timeout=seconds + 60)
    floor = run_child("idle_child", "bare", str(seconds), timeout=seconds + 60)
    return [
        Row(
            "5",
            f"idle CPU over {seconds:.0f} s (auto-refresh 5 s: {result['refreshes']:.0f} requests)",
            result["cpu_percent"],
            "%",
            baseline=floor["cpu_percent"],
            target="< 1 %",
            ok=result["cpu_percent"] < 1,
            note=f"{result['cpu_s']:.2f} s CPU in {result['wall_s']:.1f} s",
        ),
        Row(
            "5",
            "idle RSS",
            result["rss_mb"],
            "MB",
            baseline=floor["rss_mb"],
            note=f"peak {result['peak_rss_mb']:.1f} MB",
        ),
    ]
