"""Data files are untrusted: CSV that a stray quote cannot swallow, in any
encoding and line-end style, lines of any length in bounded memory, JSON of
any size or depth, special files refused, at most 21 warnings a file, each
naming file and line, never a traceback."""

import codecs
import csv
import io
import itertools
import json
import logging
import os
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft.data_files import (
    MAX_WARNINGS_PER_FILE,
    DataFileError,
    FileWarnings,
    LongNumber,
    csv_records,
    read_json,
)

FILE_NUMBERS = itertools.count()
GOATCOUNTER_HEADER = "2Path,Title,Event,UserAgent,Browser,System,Bot,Date\n"


def records(path):
    """(records, the line numbers warned about)."""
    warnings = []
    found = list(csv_records(path, lambda reason, line=None: warnings.append(line)))
    return found, warnings


def fresh_path(folder, suffix):
    """A new file name for each example: Pelican's logging drops a message
    it has given before, and the file's name is in each of ours."""
    return folder / f"{next(FILE_NUMBERS)}{suffix}"


def json_of(path):
    """(parsed JSON, the warnings' reasons)."""
    warnings = []
    return read_json(path, warnings.append), warnings


def test_a_stray_quote_costs_its_own_line_only(tmp_path):
    rows = [f"/post-{n}/,Post {n},false,,,,0,2025-01-01\n" for n in range(100)]
    rows[10] = '"/post-10/,Post 10,false,,,,0,2025-01-01\n'
    path = tmp_path / "export.csv"
    path.write_text(GOATCOUNTER_HEADER + "".join(rows))
    found, warnings = records(path)
    assert warnings == [12]  # header is line 1
    assert [fields[0] for _, fields in found[1:]] == [
        f"/post-{n}/" for n in range(100) if n != 10
    ]
    assert found[-1][0] == 101


def test_quoted_fields_may_span_lines(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('a,b\n"x\ny",2\n3,4\n')
    found, warnings = records(path)
    assert found == [(1, ["a", "b"]), (2, ["x\ny", "2"]), (4, ["3", "4"])]
    assert warnings == []


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_every_line_end_style_keeps_every_row(tmp_path, line_end):
    # Old Excel for Mac ends lines with a lone CR: every row used to be lost.
    path = tmp_path / "export.csv"
    path.write_bytes(line_end.join(["a,b", '"x\ny",2', "3,4", ""]).encode())
    found, warnings = records(path)
    assert found == [(1, ["a", "b"]), (2, ["x\ny", "2"]), (4, ["3", "4"])]
    assert warnings == []


def test_a_line_end_split_between_chunks_is_one_line_end(tmp_path):
    path = tmp_path / "export.csv"
    first = "a,b\r\n" + "x" * (2**16 - 6) + ",1\r"  # the chunk ends at the CR
    path.write_bytes((first + "\n3,4\r\n").encode())
    assert records(path) == (
        [(1, ["a", "b"]), (2, ["x" * (2**16 - 6), "1"]), (3, ["3", "4"])],
        [],
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16-le", "utf-16-be"],
)
def test_unicode_encodings_are_told_by_their_byte_order_mark(tmp_path, encode):
    path = tmp_path / "export.csv"
    path.write_bytes(encode("page,title\n/café/,Café ☕ 😀\n/b/,B\n"))
    found, warnings = records(path)
    assert found == [
        (1, ["page", "title"]),
        (2, ["/café/", "Café ☕ 😀"]),
        (3, ["/b/", "B"]),
    ]
    assert warnings == []
    json_path = tmp_path / "views.json"
    json_path.write_bytes(encode('{"/café/": 3, "/b/": 4}'))
    assert json_of(json_path) == ({"/café/": 3, "/b/": 4}, [])


def test_a_windows_1252_export_keeps_its_accented_rows_with_one_warning(tmp_path):
    # Excel's "CSV" on Windows: every row with an accent used to be dropped.
    rows = [f"/caf{'é' * n}/,Crème brûlée \u2013 {n} €\r\n" for n in range(1, 51)]
    path = tmp_path / "export.csv"
    path.write_bytes(("page,title\r\n" + "".join(rows)).encode("cp1252"))
    warnings = []
    found = list(csv_records(path, lambda *warning: warnings.append(warning)))
    assert [fields for _, fields in found[1:]] == [row[:-2].split(",") for row in rows]
    assert warnings == [
        ("not UTF-8 (byte 4 of the line); what is not UTF-8 is read as Windows-1252", 2)
    ]
    json_path = tmp_path / "views.json"
    json_path.write_bytes('{"/café/": 3}'.encode("cp1252"))
    data, warnings = json_of(json_path)
    assert data == {"/café/": 3}
    assert len(warnings) == 1


FIELD = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\0"),
    max_size=12,
)


@given(
    rows=st.lists(st.lists(FIELD, min_size=3, max_size=3), min_size=1, max_size=40),
    corrupt=st.sets(st.integers(0, 39), max_size=6),
    column=st.integers(0, 2),
)
def test_property_no_line_but_a_broken_one_is_lost(tmp_path, rows, corrupt, column):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["h1", "h2", "h3"], *rows])
    # Not splitlines(): CSV lines end at "\n" only, not at "\x1e" and kin.
    lines = [line + "\n" for line in buffer.getvalue().split("\n")[:-1]]
    broken = {n + 2 for n in corrupt if n < len(rows)}  # 1-based, after header
    for number in broken:
        fields = lines[number - 1].split(",")
        fields[column] = '"' + fields[column]
        lines[number - 1] = ",".join(fields)
    path = tmp_path / "rows.csv"
    path.write_text("".join(lines), encoding="utf-8")

    found, warnings = records(path)
    by_line = dict(found)
    for number, row in enumerate(rows, start=2):
        if number not in broken:
            assert by_line.get(number) == row, number
    # Only broken lines are reported, each at most once.
    assert set(warnings) <= broken
    assert len(warnings) == len(set(warnings))


def test_json_with_a_5000_digit_number_or_deep_nesting(tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_text('{"/a/": ' + "9" * 5000 + "}")
    assert json_of(huge) == ({"/a/": LongNumber("9" * 5000)}, [])
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DataFileError, match=r"deep\.json: nested too deeply"):
        json_of(deep)


def test_a_key_given_twice_in_json_is_named(tmp_path):
    # {"post": 3, "post": 3000} used to give 3000 without a word.
    path = tmp_path / "views.json"
    path.write_text('{"post": 3, "other": 1, "post": 3000}')
    assert json_of(path) == (
        {"post": 3000, "other": 1},
        ["key 'post' given twice; the last value is used"],
    )


def test_json_is_read_up_to_a_size(tmp_path):
    path = tmp_path / "views.json"
    path.write_text('{"a": 1' + " " * 8 * 2**20 + "}")
    with pytest.raises(
        DataFileError, match=r"views\.json: JSON larger than 8 MiB, the most read whole"
    ):
        json_of(path)


def test_a_long_line_is_skipped_in_bounded_memory(tmp_path):
    # A 400 MB line used to peak at 865 MB: the line was held whole.
    path = tmp_path / "export.csv"
    with path.open("wb") as out:
        out.write(b"page,pageviews\n/a/,1\n")
        for _ in range(32):
            out.write(b"x" * 2**20)  # one line of 32 MiB
        out.write(b"\r/b/,2\r\n")
    warnings = []
    tracemalloc.start()
    try:
        found = list(csv_records(path, lambda *warning: warnings.append(warning)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == [(1, ["page", "pageviews"]), (2, ["/a/", "1"]), (4, ["/b/", "2"])]
    assert warnings == [("longer than 1 MiB; line skipped", 3)]
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_a_line_just_within_the_limit_is_read(tmp_path):
    # A line of 1 MiB in ten fields (the csv module's limit for one is 131,072).
    fields = [str(n) * 104_857 for n in range(9)]
    fields.append("9" * (2**20 - 10 - sum(map(len, fields))))
    line = ",".join(fields) + "\n"
    assert len(line) == 2**20
    path = tmp_path / "export.csv"
    path.write_text("a,b,c,d,e,f,g,h,i,j\n" + line + "x" + line, newline="")
    found, warnings = records(path)
    assert found[1:] == [(2, fields)]
    assert warnings == [3]  # 1 MiB and one byte


@pytest.fixture(params=["fifo", "device", "directory", "symlink loop", "long name"])
def special_file(request, tmp_path):
    """A path that is no regular file, and what the refusal says."""
    path = tmp_path / "views.csv"
    if request.param == "fifo":
        os.mkfifo(path)
        return path, "a FIFO, not a regular file"
    if request.param == "device":
        return "/dev/zero", "a character device, not a regular file"
    if request.param == "directory":
        path.mkdir()
        return path, "a directory, not a regular file"
    if request.param == "symlink loop":
        path.symlink_to(path)
        return path, "Too many levels of symbolic links"
    return tmp_path / ("x" * 300), "File name too long"


def test_special_files_are_refused_before_reading(special_file):
    # A FIFO used to block the build for ever, /dev/zero to end it with a
    # MemoryError.
    path, reason = special_file
    for read in (records, json_of):
        with pytest.raises(DataFileError) as refused:
            read(path)
        assert refused.value.reason == f"cannot read ({reason})"
        assert str(refused.value).startswith(str(path))


def test_warnings_about_one_file_stop_at_twenty_and_a_count(tmp_path, caplog):
    path = fresh_path(tmp_path, ".csv")
    with caplog.at_level(logging.WARNING), FileWarnings({}, path) as warn_file:
        for line in range(1, 1001):
            warn_file("garbage", line)
    messages = [record.getMessage() for record in caplog.records]
    assert messages[:2] == [
        f"pelican-fukatsoft: {path}:1: garbage",
        f"pelican-fukatsoft: {path}:2: garbage",
    ]
    assert len(messages) == MAX_WARNINGS_PER_FILE + 1
    assert messages[-1] == (
        f"pelican-fukatsoft: {path}: 980 more warning(s) about this file not shown"
    )


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(10**28), 10**28) | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_property_any_json_value_reads_back(tmp_path, value):
    path = tmp_path / "value.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    assert json_of(path) == (value, [])


# Every way a views file reaches us: the text, encoded.
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "cp1252": lambda text: text.encode("cp1252"),
}
# Windows-1252 text: ASCII and the letters À to ÿ. (Its other characters can
# make a line that is valid UTF-8 as well, "Ã©" say, and is read as such.)
CP1252_TEXT = st.text(
    alphabet=st.characters(max_codepoint=0x7F, blacklist_characters="\0")
    | st.characters(min_codepoint=0xC0, max_codepoint=0xFF),
    max_size=12,
)
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"),
    max_size=12,
)


def write_rows(path, rows, encoding, line_end):
    buffer = io.StringIO()
    # Python 3.11's writer quotes a field for the line end it writes only,
    # not for another one ("\r" with "\n"); quoting all keeps those intact.
    breaks = any("\r" in field or "\n" in field for row in rows for field in row)
    quoting = csv.QUOTE_ALL if breaks else csv.QUOTE_MINIMAL
    csv.writer(buffer, lineterminator=line_end, quoting=quoting).writerows(rows)
    path.write_bytes(ENCODINGS[encoding](buffer.getvalue()))


@given(
    encoding=st.sampled_from(sorted(ENCODINGS)),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
    data=st.data(),
)
def test_property_any_encoding_and_line_end_keeps_every_row(
    tmp_path, caplog, encoding, line_end, data
):
    field = CP1252_TEXT if encoding == "cp1252" else ANY_TEXT
    rows = data.draw(
        st.lists(
            st.lists(field, min_size=3, max_size=3).filter(
                # A quoted field may span lines, up to a limit.
                lambda row: sum(f.count("\n") + f.count("\r") for f in row) < 10
            ),
            max_size=40,
        )
    )
    path = fresh_path(tmp_path, ".csv")
    write_rows(path, [["h1", "h2", "h3"], *rows], encoding, line_end)
    caplog.clear()
    with caplog.at_level(logging.WARNING), FileWarnings({}, path) as warn_file:
        found = [fields for _, fields in csv_records(path, warn_file)]
    assert found == [["h1", "h2", "h3"], *rows]
    # Only Windows-1252 with a letter beyond ASCII says so, once.
    legacy = encoding == "cp1252" and any(not f.isascii() for row in rows for f in row)
    assert len(caplog.records) == legacy


@given(
    lines=st.lists(st.binary(max_size=80), max_size=200),
    line_end=st.sampled_from([b"\n", b"\r\n", b"\r"]),
)
def test_property_any_bytes_give_rows_or_at_most_21_warnings(
    tmp_path, caplog, lines, line_end
):
    path = fresh_path(tmp_path, ".csv")
    content = line_end.join([b"page,pageviews", *lines])
    path.write_bytes(content)
    caplog.clear()
    with caplog.at_level(logging.WARNING), FileWarnings({}, path) as warn_file:
        for number, fields in csv_records(path, warn_file):
            assert 1 <= number <= len(content.splitlines())
            assert all(isinstance(field, str) for field in fields)
    assert len(caplog.records) <= MAX_WARNINGS_PER_FILE + 1
