"""Normalise what people type: full-width digits and signs to ASCII, every kind of space trimmed."""

# Characters people type in Chinese input methods, mapped to what the parsers expect.
# MicroPython has no str.translate, so the mapping is applied character by character.
_PUNCTUATION = {
    "\uff0e": ".",  # ．full-width full stop
    "\u3002": ".",  # 。 ideographic full stop, typed for a decimal point by some input methods
    "\uff0d": "-",  # －
    "\u2212": "-",  # − minus sign
    "\uff0b": "+",  # ＋
    "\uff0f": "/",  # ／
    "\uff1a": ":",  # ：
}

_SPACES = " \t\r\n\x0b\x0c\xa0\u3000\u2002\u2003\u2009\u200b\ufeff"


_WIDE_SPACES = (
    "\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""The characters CPython's str.isspace knows beyond the six MicroPython's str.strip removes (" \\t\\n\\r\\x0b\\x0c"):
tests/test_calculator_portability.py checks the list against CPython's."""


def strip_spaces(value):
    """value.strip() as CPython strips it, in both runtimes: every character str.isspace knows, at both ends.

    MicroPython's str.strip() removes only ASCII spaces, and its strip(chars) takes only ASCII characters: a cell of
    ideographic spaces (U+3000) would be blank to the command line and not to the page. Not trim (below): that is the
    parsers' own set (it also drops zero-width spaces and a BOM, which CPython's strip keeps), and stays as it is.
    """
    value = value.strip()
    while value and value[0] in _WIDE_SPACES:
        value = value[1:].strip()
    while value and value[-1] in _WIDE_SPACES:
        value = value[:-1].strip()
    return value


def to_ascii(value):
    """Full-width digits and Latin letters (０–９, Ａ–ｚ) and common full-width signs become ASCII."""
    out = []
    for c in value:
        code = ord(c)
        if 0xFF01 <= code <= 0xFF5E and c not in _PUNCTUATION:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(_PUNCTUATION.get(c, c))
    return "".join(out)


def trim(value):
    """Remove ordinary, non-breaking, ideographic and zero-width spaces (and a BOM) at both ends."""
    start = 0
    end = len(value)
    while start < end and value[start] in _SPACES:
        start += 1
    while end > start and value[end - 1] in _SPACES:
        end -= 1
    return value[start:end]


def normalise(value):
    """to_ascii then trim: the form every parser of typed input starts from."""
    return trim(to_ascii(value))


_IS_ASCII = getattr(str, "isascii", None)
"""CPython's str.isascii; MicroPython has none, and needs none: its str.isdigit knows only 0–9."""


def is_digits(value):
    """True when `value` is one or more ASCII digits 0–9 (nothing else, not even a sign)."""
    # CPython's isdigit also says yes to other digits (１, ², ٣): isascii rules them out there.
    return value.isdigit() and (_IS_ASCII is None or _IS_ASCII(value))


SHOWN_LIMIT = 30
"""At most this many characters of a typed value are quoted back in a message, then “……”."""


_SHOWN_AS_ESCAPES = (
    0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF,
)  # fmt: skip
"""Line separators and the bidirectional controls (marks, embeddings, overrides; isolates are 0x2066–0x2069):
quoted as they are, an override (U+202E) would turn the rest of the message around on screen; and the invisible
characters (zero-width space and joiners, word joiner, soft hyphen, BOM): “2\u200b0”不是学时数 quoted as it is read
“20”不是学时数."""


def shown(value, limit=SHOWN_LIMIT):
    """A typed value as a message quotes it: on one line, control characters, line separators, bidirectional
    controls and invisible characters written as escapes (\\x1e, \\r, \\u2028, \\u202e, \\u200b), cut after
    `limit` characters."""
    out = []
    for c in value[:limit]:
        code = ord(c)
        if code < 32 or 127 <= code < 160:
            out.append(_ESCAPES.get(c) or "\\x{:02x}".format(code))
        elif code in _SHOWN_AS_ESCAPES or 0x2066 <= code <= 0x2069:
            out.append("\\u{:04x}".format(code))
        else:
            out.append(c)
    text = "".join(out)
    return text + "……" if len(value) > limit else text


_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
