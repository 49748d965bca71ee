"""The files under data/ hold exactly what schemas.py documents, so the public schema stays put.

A key a file gains without documentation, or a documented one it loses, fails
here; so does a CSV column added, dropped or moved.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from coverage.schemas import FILES, DataFile

JSON_FILES = [f for f in FILES if f.format == "json"]
CSV_FILES = [f for f in FILES if f.format == "csv"]


def key_paths(value, prefix: str = "") -> set[str]:
    """Every key of a JSON document as a dotted path, `[]` standing for each list item."""
    if isinstance(value, dict):
        found = set()
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | key_paths(inner, path)
        return found
    if isinstance(value, list):
        return set().union(*(key_paths(item, prefix + "[]") for item in value))
    return set()


def test_key_paths_name_nested_keys_and_list_items():
    document = {"a": [{"b": 1, "c": [[0, 1]]}, {"d": {"e": None}}], "f": []}
    assert key_paths(document) == {"a", "a[].b", "a[].c", "a[].d", "a[].d.e", "f"}


def test_every_file_in_data_is_documented_and_every_documented_file_is_built(seed_build):
    built = {p.name for p in (seed_build.output / "data").iterdir()}
    assert built == {f.name for f in FILES}


def test_each_documented_file_has_its_format_and_no_field_twice():
    for file in FILES:
        assert file.name.endswith(f".{file.format}"), file.name
        names = [field.name for field in file.fields]
        assert len(names) == len(set(names)), file.name
        assert file.description and all(f.type and f.meaning for f in file.fields), file.name


@pytest.mark.parametrize("file", JSON_FILES, ids=lambda f: f.name)
def test_json_keys_are_exactly_the_documented_fields(seed_build, file: DataFile):
    document = json.loads((seed_build.output / "data" / file.name).read_text(encoding="utf-8"))
    present = key_paths(document)
    documented = {field.name for field in file.fields}
    assert present - documented == set(), f"{file.name}: written but not documented"
    assert documented - present == set(), f"{file.name}: documented but not written"


@pytest.mark.parametrize("file", CSV_FILES, ids=lambda f: f.name)
def test_csv_header_is_the_documented_columns_in_order(seed_build, file: DataFile):
    text = (seed_build.output / "data" / file.name).read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == [field.name for field in file.fields]
