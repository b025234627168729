"""Command line: ``python -m planning check|new|export-inputs|solve|replan|sweep|export``
(see :mod:`.main`)."""

from planning.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
