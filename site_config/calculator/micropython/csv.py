"""The part of CPython's csv module that calculator/batch.py uses, for MicroPython (which has none).

Browser only (see generator/calculator_assets.py). Same results as CPython's csv with the default
"excel" dialect and any one-character delimiter: quoted fields with doubled quotes, delimiters and
line breaks inside quotes, CRLF, LF or CR line ends, an empty line read as an empty row, an
unterminated quote read to the end of the text (CPython's strict=False), lines read one at a time
from an iterable (line_num counts them, as CPython's does), and Error for a field longer than
CPython's default field_size_limit(), raised on the same line. The writer quotes as QUOTE_MINIMAL
does. tests/test_calculator_csv_shim.py compares both on generated text.
"""

QUOTE = '"'
_LINE_ENDS = "\r\n"
FIELD_SIZE_LIMIT = 131072
"""CPython's csv.field_size_limit() by default: a longer field is an Error."""


class Error(Exception):
    pass


def field_size_limit():
    return FIELD_SIZE_LIMIT


def _too_long():
    return Error(f"field larger than field limit ({FIELD_SIZE_LIMIT})")


def _lines(text):
    """The text cut after each \\r\\n, \\r or \\n, line ends kept (what a StringIO with newline="" yields).

    Built with split, never by indexing: MicroPython keeps str as UTF-8, where text[i] walks from the start.
    """
    crlf = text.count("\r\n")
    if text.count("\r") == crlf and text.count("\n") == crlf:
        ending = "\r\n" if crlf else "\n"  # every line ends in CRLF (or there is one line): one split
        pieces = text.split(ending)
        lines = [piece + ending for piece in pieces[:-1]]
        if pieces[-1]:
            lines.append(pieces[-1])
        return lines
    if "\r" not in text:
        pieces = text.split("\n")
        lines = [piece + "\n" for piece in pieces[:-1]]
        if pieces[-1]:
            lines.append(pieces[-1])
        return lines
    lines = []
    pieces = text.split("\n")
    last = len(pieces) - 1
    for number, piece in enumerate(pieces):
        ending = "" if number == last else "\n"
        if ending and piece.endswith("\r"):
            piece = piece[:-1]
            ending = "\r\n"
        parts = piece.split("\r")
        for part in parts[:-1]:
            lines.append(part + "\r")
        if parts[-1] or ending:
            lines.append(parts[-1] + ending)
    return lines


_START_RECORD = 0
_START_FIELD = 1
_IN_FIELD = 2
_IN_QUOTED_FIELD = 3
_QUOTE_IN_QUOTED_FIELD = 4
_EAT_CRNL = 5


class _Reader:
    """CPython's reader state machine (Modules/_csv.c), one character at a time; None marks a line's end."""

    def __init__(self, lines, delimiter):
        self.lines = lines
        self.delimiter = delimiter
        self.line_num = 0

    def __iter__(self):
        return self

    def _next_line(self):
        line = next(self.lines)  # StopIteration: no more lines
        self.line_num += 1
        return line

    def __next__(self):
        line = self._next_line()
        if QUOTE not in line:
            # The usual line, without quotes: plain split (the state machine, char by char, is slow in MicroPython).
            content = line.rstrip(_LINE_ENDS)
            if not content:
                return []
            fields = content.split(self.delimiter)
            if len(content) > FIELD_SIZE_LIMIT:
                for field in fields:
                    if len(field) > FIELD_SIZE_LIMIT:
                        raise _too_long()
            return fields
        fields = []
        field = []
        state = _START_RECORD
        while True:
            for c in line:
                state = self._step(state, c, fields, field)
            state = self._step(state, None, fields, field)
            if len(field) > FIELD_SIZE_LIMIT:
                raise _too_long()
            if state == _START_RECORD:
                return fields
            try:
                line = self._next_line()
            except StopIteration:
                if field or state == _IN_QUOTED_FIELD:
                    fields.append("".join(field))
                    return fields
                raise

    def _step(self, state, c, fields, field):
        end_of_line = c is None
        line_break = end_of_line or c in _LINE_ENDS
        after_break = _START_RECORD if end_of_line else _EAT_CRNL
        if state == _START_RECORD:
            if end_of_line:
                return _START_RECORD
            if c in _LINE_ENDS:
                return _EAT_CRNL
            state = _START_FIELD
        if state == _START_FIELD:
            if line_break:
                self._save(fields, field)
                return after_break
            if c == QUOTE:
                return _IN_QUOTED_FIELD
            if c == self.delimiter:
                self._save(fields, field)
                return _START_FIELD
            field.append(c)
            return _IN_FIELD
        if state == _IN_FIELD:
            if line_break:
                self._save(fields, field)
                return after_break
            if c == self.delimiter:
                self._save(fields, field)
                return _START_FIELD
            field.append(c)
            return _IN_FIELD
        if state == _IN_QUOTED_FIELD:
            if end_of_line:
                return _IN_QUOTED_FIELD
            if c == QUOTE:
                return _QUOTE_IN_QUOTED_FIELD
            field.append(c)
            return _IN_QUOTED_FIELD
        if state == _QUOTE_IN_QUOTED_FIELD:
            if c == QUOTE:
                field.append(c)
                return _IN_QUOTED_FIELD
            if c == self.delimiter:
                self._save(fields, field)
                return _START_FIELD
            if line_break:
                self._save(fields, field)
                return after_break
            field.append(c)
            return _IN_FIELD
        # _EAT_CRNL
        if end_of_line:
            return _START_RECORD
        if c in _LINE_ENDS:
            return _EAT_CRNL
        raise Error("new-line character seen in unquoted field")

    def _save(self, fields, field):
        if len(field) > FIELD_SIZE_LIMIT:
            raise _too_long()
        fields.append("".join(field))
        del field[:]


def reader(source, delimiter=","):
    """Rows (lists of strings) of CSV text read from a file-like object or, line by line, an iterable of lines."""
    if hasattr(source, "read"):
        return _Reader(iter(_lines(source.read())), delimiter)
    return _Reader(iter(source), delimiter)


class _Writer:
    def __init__(self, target, delimiter, lineterminator):
        self.target = target
        self.delimiter = delimiter
        self.lineterminator = lineterminator

    def _field(self, value):
        text = "" if value is None else str(value)
        # Searched for one special character at a time (in C), never character by character in Python.
        for c in self.delimiter + QUOTE + self.lineterminator:
            if c in text:
                return QUOTE + text.replace(QUOTE, QUOTE + QUOTE) + QUOTE
        return text

    def _line(self, row):
        try:
            line = self.delimiter.join(row)
        except TypeError:
            line = None  # not all text: field by field
        # A row with no special character needs no quoting: one check for the whole line (in C) instead of
        # one per field; the delimiters counted tell whether a field contains one.
        if (
            line is None
            or line.count(self.delimiter) != len(row) - 1
            or QUOTE in line
            or any(c in line for c in self.lineterminator)
        ):
            line = self.delimiter.join([self._field(value) for value in row])
        if len(row) == 1 and line == "":
            line = QUOTE + QUOTE
        return line + self.lineterminator

    def writerow(self, row):
        self.target.write(self._line(row))

    def writerows(self, rows):
        self.target.write(self._all_plain(rows) or "".join([self._line(row) for row in rows]))

    def _all_plain(self, rows):
        """All the rows at once when no field needs quoting (checked on the whole text, in C), else None."""
        try:
            lines = [self.delimiter.join(row) for row in rows]
        except TypeError:
            return None
        if not lines:
            return None
        text = self.lineterminator.join(lines)
        breaks = len(lines) - 1
        if (
            QUOTE in text
            or text.count(self.delimiter) != sum([len(row) - 1 for row in rows])
            or any(text.count(c) != breaks * self.lineterminator.count(c) for c in _LINE_ENDS)
            or any(len(row) == 1 and row[0] == "" for row in rows)
        ):
            return None
        return text + self.lineterminator


def writer(target, delimiter=",", lineterminator="\r\n"):
    """Writes rows to a file-like object as QUOTE_MINIMAL CSV."""
    return _Writer(target, delimiter, lineterminator)
