"""`python -m generator.rules [--check] [--data D] [--output F]`: compile data/ into calculator/rules.json."""

import sys

from generator.rules.compile_rules import main

if __name__ == "__main__":
    sys.exit(main())
