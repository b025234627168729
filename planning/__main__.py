"""``python -m planning``: see :mod:`planning.cli`."""

import sys

from planning.cli import main

sys.exit(main())
