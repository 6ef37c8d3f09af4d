"""Scenario 4: a share with 10,000 snapshots, efs-tui's table against a bare Textual DataTable.

Each figure comes from its own child process (``large_child``) so peak RSS is comparable.
"""

from __future__ import annotations

from .common import Options, Row, median, run_child


def run(options: Options) -> list[Row]:
    runs = 1 if options.quick else 3
    ours = [run_child("large_child", "table") for _ in range(runs)]
    base = [run_child("large_child", "datatable") for _ in range(runs)]
    e2e_ours = [run_child("large_child", "e2e-table", str(options.latency_ms)) for _ in range(runs)]
    e2e_base = [run_child("large_child", "e2e-datatable", str(options.latency_ms)) for _ in range(runs)]

    def m(results: list[dict[str, float]], key: str) -> float:
        return median([r[key] for r in results])

    fill, fill_base = m(ours, "fill_ms"), m(base, "fill_ms")
    rss, rss_base = m(ours, "rss_mb"), m(base, "rss_mb")
    e2e, e2e_base_ms = m(e2e_ours, "e2e_ms"), m(e2e_base, "e2e_ms")
    filt, filt_max = m(ours, "filter_median_ms"), max(r["filter_max_ms"] for r in ours)
    return [
        Row(
            "4", "fill 10k rows, data in hand → page rendered", fill, "ms", fill_base, "≤ 1.5x", fill <= 1.5 * fill_base
        ),
        Row(
            "4",
            f"select share → 10k rows rendered (3 x {options.latency_ms:.0f} ms + fetch)",
            e2e,
            "ms",
            e2e_base_ms,
            "≤ 1.5x",
            e2e <= 1.5 * e2e_base_ms,
        ),
        Row("4", "peak RSS of the process", rss, "MB", rss_base, "≤ 1.5x", rss <= 1.5 * rss_base),
        Row(
            "4",
            "filter keystroke, median (baseline: rebuild DataTable)",
            filt,
            "ms",
            m(base, "filter_median_ms"),
            "< 50 ms",
            filt < 50,
        ),
        Row(
            "4",
            "filter keystroke, max",
            filt_max,
            "ms",
            max(r["filter_max_ms"] for r in base),
            "< 50 ms",
            filt_max < 50,
        ),
    ]
