"""Reading the site's data files, which are untrusted input.

Analytics exports and author profiles come from other systems, years of
them. Whatever a file holds, the readers here give a warning naming the file
and the line (see :func:`pelican_fukatsoft.settings.warn`), never a
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
        pushed_back = []
        width = None
        while True:
            first = pushed_back.pop() if pushed_back else next(lines, None)
            if first is None:
                return
            record = [first]
            while True:
                try:
                    fields = _parse_record("".join(text for _, text in record))
                    if len(record) > 1 and _stray_quote(record, fields, width):
                        fields = None
                        reason = "a quote that never closes"
                    break
                except _NeedsMoreLines:
                    more = pushed_back.pop() if pushed_back else next(lines, None)
                    if more is None or len(record) >= MAX_LINES_PER_RECORD:
                        if more is not None:
                            pushed_back.append(more)
                        fields = None
                        reason = "a quote that never closes"
                        break
                    record.append(more)
                except csv.Error as error:
                    fields = None
                    reason = str(error)
                    break
            if fields is None:
                warn_line(first[0], f"{reason}; line skipped")
                pushed_back.extend(reversed(record[1:]))
                continue
            if fields:
                width = width or len(fields)
                yield first[0], fields


class _NeedsMoreLines(Exception):
    pass


def _stray_quote(record, fields, width):
    """Whether a record read over several lines is really a stray quote that
    closed at some other line's quote: it has the wrong number of fields, or
    a line inside it, without quotes, reads as a whole record on its own."""
    if width and len(fields) != width:
        return True
    for _, text in record[1:]:
        if '"' in text:  # may well be where the quoted field ends
            continue
        try:
            if len(_parse_record(text)) == width:
                return True
        except csv.Error:
            continue
    return False


def _parse_record(text):
    try:
        rows = list(csv.reader([text], strict=True))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise _NeedsMoreLines from None
        raise
    if not rows:
        return []
    if len(rows) > 1:  # a "\r" alone inside an unquoted field
        raise csv.Error("line break inside an unquoted field")
    return rows[0]


def _decoded_lines(handle, warn_line):
    for number, raw in enumerate(handle, 1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            warn_line(number, f"not UTF-8 (byte {error.start}); line skipped")
