"""What the command lines print: text that came from a file or the database is shown with its
control characters escaped (\x1b, \x00 …), so a crafted ledger cannot clear the terminal or print a
line of its own."""

import re
import sys

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """The text with every control character (but tab and line break) written as an escape."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def say(text: object, error: bool = False) -> None:
    """Print one message, escaped, to stdout (or stderr when `error`)."""
    print(printable(text), file=sys.stderr if error else sys.stdout)
