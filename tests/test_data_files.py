"""Data files are untrusted: CSV that a stray quote cannot swallow, JSON of
any size or depth, a warning naming file and line, never a traceback."""

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft.data_files import DataFileError, csv_records, read_json

GOATCOUNTER_HEADER = "2Path,Title,Event,UserAgent,Browser,System,Bot,Date\n"


def records(path):
    warnings = []
    found = list(csv_records(path, lambda line, reason: warnings.append(line)))
    return found, warnings


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


def test_a_line_that_is_not_utf8_is_reported_and_skipped(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,\xff\n2,3\n")
    found, warnings = records(path)
    assert found == [(1, ["a", "b"]), (3, ["2", "3"])]
    assert warnings == [2]


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
    assert read_json(huge) == {"/a/": "9" * 5000}
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DataFileError, match=r"deep\.json: nested too deeply"):
        read_json(deep)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(10**28), 10**28) | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_property_any_json_value_reads_back(tmp_path, value):
    path = tmp_path / "value.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    assert read_json(path) == value
