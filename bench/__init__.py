"""Solver benchmarks (``python -m bench.run``)."""
