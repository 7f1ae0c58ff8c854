"""Reading the site's data files, which are untrusted input.

Analytics exports and author profiles come from other systems, years of
them. Whatever a file holds, the readers here give a warning naming the file
and the line (see :class:`FileWarnings`), never a traceback, and never drop
the rows after a bad one. A file is read only when it is a regular file (a
FIFO would block the build, ``/dev/zero`` never ends). Its encoding is told
by its byte order mark (UTF-8, UTF-16 LE or BE), else it is UTF-8, and a
line that is not is read as Windows-1252 (cp1252, what old Excel writes)
with one warning for the file. CSV is streamed in chunks: lines may end in
``\n``, ``\r\n`` or a lone ``\r``, and a line longer than
:data:`MAX_LINE_BYTES` is skipped as it is read, so memory follows what the
caller keeps, never the size of the file or of a line. JSON is parsed
whole, so a JSON file is read only up to :data:`MAX_JSON_BYTES`.
"""

import codecs
import csv
import json
import os
import stat
from dataclasses import dataclass

from .checks import warn

#: A quoted CSV field may span this many lines; a quote still open after
#: them is a stray one, and only its own line is skipped.
MAX_LINES_PER_RECORD = 20
#: Longer numbers in JSON are kept as :class:`LongNumber` (Python refuses
#: to turn more than 4,300 digits into an int, and no count has that many).
MAX_JSON_DIGITS = 30
#: A CSV line longer than this is no export row but garbage: it is skipped,
#: and never held whole (a 400 MB line used to take 865 MB).
MAX_LINE_BYTES = 2**20
#: JSON has to be parsed whole, into Python objects up to 26 times its size
#: (8 MiB of ``[{},{},…]`` peak at 210 MiB). A views map takes about 50
#: bytes a path, so 8 MiB holds 150,000 paths, five times a large site's;
#: more belongs in several files or in CSV, which is streamed.
MAX_JSON_BYTES = 8 * 2**20
#: The warnings given for one file; the rest are counted in one more line
#: (5 MB of garbage used to give 20,276 lines).
MAX_WARNINGS_PER_FILE = 20
#: How much is read at a time.
CHUNK_BYTES = 2**16

_FILE_KINDS = {
    stat.S_ISDIR: "a directory",
    stat.S_ISFIFO: "a FIFO",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}


class DataFileError(Exception):
    """The whole file is unusable: *reason* says why, *line* where if known."""

    def __init__(self, path, reason, line=None):
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class LongNumber:
    """A JSON number of more than :data:`MAX_JSON_DIGITS` digits, kept as
    its text for messages: neither an int (no count has that many digits)
    nor text (a profile's role must not show it as if it were words)."""

    digits: str

    def __str__(self):
        return self.digits


class FileWarnings:
    """The warnings about one file, each naming it (and the line, if any):
    the first :data:`MAX_WARNINGS_PER_FILE`, then, when the ``with`` block
    ends, one line with the count of the rest."""

    def __init__(self, settings, path):
        self.settings = settings
        self.path = path
        self.given = 0

    def __call__(self, reason, line=None):
        self.given += 1
        if self.given <= MAX_WARNINGS_PER_FILE:
            where = f"{self.path}:{line}" if line else str(self.path)
            warn(self.settings, "%s: %s", where, reason)

    def __enter__(self):
        return self

    def __exit__(self, error_type, error, traceback):
        hidden = self.given - MAX_WARNINGS_PER_FILE
        if hidden > 0 and error_type is None:
            warn(
                self.settings,
                "%s: %d more warning(s) about this file not shown",
                self.path,
                hidden,
            )


def file_problem(path):
    """Why *path* is not a regular file to read, or None when it is one.

    Never raises: a missing file, a name too long for the system, a
    symbolic link to itself, a directory, a FIFO or a device each give a
    short reason to put in a warning."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        return getattr(error, "strerror", None) or str(error)
    if stat.S_ISREG(mode):
        return None
    kind = next((kind for test, kind in _FILE_KINDS.items() if test(mode)), None)
    return f"{kind or 'a special file'}, not a regular file"


def open_data_file(path):
    """*path* opened for binary reading; :class:`DataFileError` unless it
    is a regular file.

    The type is checked before opening (opening some devices acts on them)
    and again on what was opened, without waiting: a FIFO put in the file's
    place meanwhile is refused, not waited on."""
    problem = file_problem(path)
    if problem:
        raise DataFileError(path, f"cannot read ({problem})")
    try:
        handle = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")  # noqa: SIM115
    except OSError as error:
        raise DataFileError(path, f"cannot read ({error.strerror or error})") from None
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise DataFileError(path, "cannot read (replaced while being opened)")
    return handle


def peek(path, size=256):
    """Up to *size* first characters of *path* (decoded as the readers do,
    leading white space dropped): enough to tell JSON from CSV."""
    with open_data_file(path) as handle:
        head = next(_utf8_chunks(handle, size), b"")
    return head.decode("utf-8", errors="replace").lstrip()


def read_json(path, warn_file):
    """The parsed JSON of *path*; numbers of many digits are :class:`LongNumber`.

    *warn_file(reason)* hears of a file that is not UTF-8 (read as
    Windows-1252) and of each key given twice in an object (the last
    value is kept, as JSON readers do). Raises :class:`DataFileError` when
    the file is unusable."""
    with open_data_file(path) as handle:
        try:
            data = handle.read(MAX_JSON_BYTES + 1)
        except OSError as error:
            raise DataFileError(
                path, f"cannot read ({error.strerror or error})"
            ) from None
    if len(data) > MAX_JSON_BYTES:
        raise DataFileError(
            path,
            f"JSON larger than {MAX_JSON_BYTES // 2**20} MiB, the most read "
            "whole (views: split them into several files, or give CSV)",
        )
    text = _decode_whole(data, warn_file)

    def unique_keys(pairs):
        kept = {}
        for key, value in pairs:
            if key in kept:
                warn_file(f"key {shown(key)} given twice; the last value is used")
            kept[key] = value
        return kept

    try:
        return json.loads(
            text,
            object_pairs_hook=unique_keys,
            parse_int=lambda digits: (
                int(digits) if len(digits) <= MAX_JSON_DIGITS else LongNumber(digits)
            ),
        )
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"invalid JSON ({error.msg})", error.lineno) from None
    except RecursionError:
        raise DataFileError(path, "nested too deeply for a data file") from None


def shown(value, limit=60):
    """*value* for a message: its repr, cut to *limit* characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def csv_records(path, warn_file):
    """Yield ``(line_number, fields)`` for each CSV record of *path*.

    A record may span lines inside quotes, as CSV allows, when it then has
    as many fields as the first record (the header) and none of its lines is
    a whole record on its own. A line whose quote never closes, whose
    quoting is broken or that is too long is reported with
    ``warn_file(reason, line_number)`` and skipped alone: reading goes on
    with the next line. Raises :class:`DataFileError` when the file cannot
    be opened.
    """
    with open_data_file(path) as handle:
        lines = _decoded_lines(handle, warn_file)
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
                warn_file(f"{reason}; line skipped", record[0][0])
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


def _decoded_lines(handle, warn_file):
    """``(number, text)`` for each line of *handle*, its line end kept (the
    csv module needs it inside quoted fields)."""
    legacy = False
    for number, raw in enumerate(_byte_lines(_utf8_chunks(handle)), 1):
        if raw is None:
            warn_file(
                f"longer than {MAX_LINE_BYTES // 2**20} MiB; line skipped", number
            )
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if not legacy:
                legacy = True
                warn_file(_legacy_notice(error, "of the line"), number)
            yield number, raw.decode("cp1252", errors="replace")


def _decode_whole(data, warn_file):
    """The text of a whole file's bytes, as :func:`_utf8_chunks` tells it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        warn_file(_legacy_notice(error, "of the file"))
        return data.decode("cp1252", errors="replace")


def _legacy_notice(error, whole):
    return (
        f"not UTF-8 (byte {error.start} {whole}); what is not UTF-8 is read "
        "as Windows-1252"
    )


def _utf8_chunks(handle, size=CHUNK_BYTES):
    """The bytes of *handle* in chunks of about *size*, in UTF-8 or an
    older encoding that keeps ASCII as it is (the line ends are then the
    same bytes): UTF-16, told by its byte order mark, is turned into UTF-8;
    a UTF-8 byte order mark is dropped."""
    head = handle.read(size)
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield head.removeprefix(codecs.BOM_UTF8)
        yield from iter(lambda: handle.read(size), b"")
        return
    # "utf-16" reads the byte order from the mark and drops it.
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    chunk = head
    while chunk:
        yield decoder.decode(chunk).encode("utf-8")
        chunk = handle.read(size)
    yield decoder.decode(b"", final=True).encode("utf-8")


def _byte_lines(chunks):
    """The lines of a stream of byte *chunks*, each with its end (``\\n``,
    ``\\r\\n`` or a lone ``\\r``), or None for a line longer than
    :data:`MAX_LINE_BYTES`, which is dropped as it comes in."""
    pending = b""  # the start of a line whose end is yet to come
    too_long = False  # the pending line is already too long: its end is dropped
    for chunk in chunks:
        lines = (pending + chunk).splitlines(keepends=True)
        # A last line may go on in the next chunk; one ending in "\r" too,
        # when its "\n" comes next.
        pending = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
        for line in lines:
            yield None if too_long or len(line) > MAX_LINE_BYTES else line
            too_long = False
        if too_long or len(pending) > MAX_LINE_BYTES:
            too_long = True
            pending = pending[-1:]  # a "\r" there may meet its "\n"
    if pending:
        yield None if too_long or len(pending) > MAX_LINE_BYTES else pending
