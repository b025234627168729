"""Every file the tool reads or writes: scenarios, backlog tables, boundaries, plans, exports.

Modules here turn files into :mod:`planning.domain` objects and back, and report bad input as
:class:`planning.errors.Problem` (file, row, field, fix). Nothing here plans or draws.
"""
