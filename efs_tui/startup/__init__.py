"""Launching efs-tui: credentials resolved and first listings prefetched before Textual is imported.

Kept apart from :mod:`efs_tui.ui` so the cold start can do network work while Textual's
modules load (see tests/benchmarks/s1_cold_start.py).
"""
