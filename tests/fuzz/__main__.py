"""``python -m fuzz`` (from tests/): a fuzzing campaign; see :mod:`fuzz.campaign`."""

import sys

from fuzz.campaign import main

sys.exit(main())
