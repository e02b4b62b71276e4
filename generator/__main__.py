"""``python -m generator`` is the ``newsbrief`` command."""

import sys

from .cli import main

sys.exit(main())
