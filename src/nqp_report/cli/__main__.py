"""Run the command line with ``python -m nqp_report.cli``."""

import sys

from . import main

sys.exit(main())
