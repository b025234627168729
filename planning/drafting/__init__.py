"""Drafting a scenario from what a planner has: a backlog table and a boundary file, an area of
the 2025 commune layer, or the national what-if's table (see docs/ARCHITECTURE.md, "Drafting").

Imports the kernel and io only; the CLI, the app, the reports and the sweeps call it.
"""
