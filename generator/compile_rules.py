"""`python -m generator.compile_rules`: the old name of `python -m generator.rules`, kept working.

rules.json's `generated_by` and the calculator's own messages (calculator/ruleset.py, compiled into the
site's calculator) still name this command; changing them would change the built site.
"""

import sys

from generator.rules.compile_rules import main

if __name__ == "__main__":
    sys.exit(main())
