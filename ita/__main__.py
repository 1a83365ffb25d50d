"""Entry point for `python -m ita`."""

import sys

from ita.cli import main

sys.exit(main())
