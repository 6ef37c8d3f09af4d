"""Performance benchmarks for issue 5 (``python -m tests.benchmarks``; ``./dev bench``).

Not collected by pytest (``norecursedirs``): they measure wall time, CPU and memory,
which a test run on a busy machine cannot assert reliably. See README.md.
"""
