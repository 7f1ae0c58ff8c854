"""Reading the site's data files, which are untrusted input.

Analytics exports and author profiles come from other systems, years of
them. Whatever a file holds, the readers here give a warning naming the file
and the line (see :func:`pelican_fukatsoft.checks.warn`), never a
traceback, and never drop the rows after a bad one. CSV is streamed line by
line, so memory follows what the caller keeps, not the size of the file.
"""

import csv
import json

#: A quoted CSV field may span this many lines; a quote still open after
#: them is a stray one, and only its own line is skipped.
MAX_LINES_PER_RECORD = 20
#: Longer numbers in JSON are kept as their text (Python refuses to turn
#: more than 4,300 digits into an int, and no count has that many).
MAX_JSON_DIGITS = 30


class DataFileError(Exception):
    """The whole file is unusable; the message names it and says why."""


def read_json(path):
    """The parsed JSON of *path*; long integers stay strings."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise DataFileError(
            f"{path}: cannot read ({error.strerror or error})"
        ) from None
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path}: not UTF-8 (byte {error.start})") from None
    try:
        return json.loads(
            text,
            parse_int=lambda digits: (
                int(digits) if len(digits) <= MAX_JSON_DIGITS else digits
            ),
        )
    except json.JSONDecodeError as error:
        message = f"{path}:{error.lineno}: invalid JSON ({error.msg})"
        raise DataFileError(message) from None
    except RecursionError:
        raise DataFileError(f"{path}: nested too deeply for a data file") from None


def shown(value, limit=60):
    """*value* for a message: its repr, cut to *limit* characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def csv_records(path, warn_line):
    """Yield ``(line_number, fields)`` for each CSV record of *path*.

    A record may span lines inside quotes, as CSV allows, when it then has
    as many fields as the first record (the header) and none of its lines is
    a whole record on its own. A line that is not
    UTF-8, or whose quote never closes, or whose quoting is broken, is
    reported with ``warn_line(line_number, reason)`` and skipped alone:
    reading goes on with the next line. Raises :class:`DataFileError` when
    the file cannot be opened.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise DataFileError(
            f"{path}: cannot read ({error.strerror or error})"
        ) from None
    with handle:
        lines = _decoded_lines(handle, warn_line)
        pushed_back = []  # lines to read again after a stray quote
        consumed = []  # (number, text) of the record being read

        def source():
            while True:
                line = pushed_back.pop() if pushed_back else next(lines, None)
                if line is None:
                    return
                if len(consumed) == MAX_LINES_PER_RECORD:
                    pushed_back.append(line)
                    raise _StrayQuote
                consumed.append(line)
                yield line[1]

        width = None
        while True:
            # One reader over all lines while the file is sound; a new one
            # after each bad line.
            try:
                for fields in csv.reader(source(), strict=True):
                    if len(consumed) > 1 and _stray_quote(consumed, fields, width):
                        raise _StrayQuote
                    number = consumed[0][0]
                    consumed.clear()
                    if fields:
                        width = width or len(fields)
                        yield number, fields
                return
            except (csv.Error, _StrayQuote) as error:
                record = consumed[:]
                consumed.clear()
                if isinstance(error, _StrayQuote) or "end of data" in str(error):
                    reason = "a quote that never closes"
                else:
                    reason = str(error)
                warn_line(record[0][0], f"{reason}; line skipped")
                pushed_back.extend(reversed(record[1:]))


class _StrayQuote(Exception):
    pass


def _stray_quote(record, fields, width):
    """Whether a record read over several lines is really a stray quote that
    closed at some other line's quote: it has the wrong number of fields, or
    a line inside it reads as a whole, cleanly quoted record on its own. (The
    line where a real multi-line field ends does not: alone, its closing
    quote is a stray one, kept in a field or left open.)"""
    if width and len(fields) != width:
        return True
    for _, text in record[1:]:
        try:
            alone = next(csv.reader([text], strict=True), [])
        except csv.Error:
            continue
        if len(alone) == width and not any('"' in field for field in alone):
            return True
    return False


def _decoded_lines(handle, warn_line):
    for number, raw in enumerate(handle, 1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            warn_line(number, f"not UTF-8 (byte {error.start}); line skipped")
