"""A running campaign: the actual intake log, re-planning from a date, progress and weekly review.

Builds on :mod:`planning.io` (files) and the kernel; the solver is called by the command line and
the app, not from here.
"""
