"""JSONL and CSV dumps: one Article per record; bad records skipped, field names configurable."""

import pytest

from tieline.ingest import IngestError, ReadOptions, read_source


def test_jsonl_skips_bad_records_and_keeps_good_ones(fixtures):
    path = str(fixtures / "records.jsonl")
    arts = read_source(path)
    assert [a.path for a in arts] == [f"{path}#1", f"{path}#3"]
    assert arts[0].title == "Council approves a new bridge"
    assert arts[0].paragraphs == [
        "The city council approved plans for a new bridge over the canal on Thursday.",
        "Construction is expected to start next spring.",
    ]
    assert arts[0].published == "2023-02-09"
    assert arts[0].url == "https://example.org/bridge"
    assert arts[1].title == "Talks on water sharing stall"  # 'headline' and 'body' fields
    assert arts[1].published == "2023-02-10T14:00:00+01:00"
    assert all(a.format == "jsonl" for a in arts)


def test_jsonl_custom_field_names(tmp_path):
    p = tmp_path / "custom.jsonl"
    p.write_text(
        '{"story": "Leaders met in the capital to discuss the ceasefire.", "when": "2024-01-05", "name": "Ceasefire talks"}\n',
        encoding="utf-8",
    )
    opts = ReadOptions(text_fields=["story"], date_fields=["when"], title_fields=["name"])
    [art] = read_source(str(p), opts)
    assert art.title == "Ceasefire talks" and art.published == "2024-01-05"


def test_jsonl_with_nothing_readable_is_malformed(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text("{not json\n[1, 2\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        read_source(str(p))
    assert e.value.reason == "malformed"


def test_csv_rows_become_articles(fixtures):
    path = str(fixtures / "records.csv")
    arts = read_source(path)
    assert [a.title for a in arts] == ["Mayor opens a new clinic", "Two parties agree on a coalition"]
    assert arts[1].path == f"{path}#row-2"
    assert arts[0].published == "2023-03-06"
    assert all(a.format == "csv" for a in arts)


def test_tsv_and_html_in_a_text_field(tmp_path):
    p = tmp_path / "dump.tsv"
    p.write_text("title\ttext\nA\t<p>Troops withdrew from the town on Sunday.</p><p>Residents returned.</p>\n", encoding="utf-8")
    [art] = read_source(str(p))
    assert art.paragraphs == ["Troops withdrew from the town on Sunday.", "Residents returned."]


def test_json_array_and_pretty_printed_object(tmp_path):
    arr = tmp_path / "arr.json"
    arr.write_text(
        '[{"text": "Border guards exchanged fire overnight."}, 7, {"text": "A truce was agreed at dawn."}]', encoding="utf-8"
    )
    arts = read_source(str(arr))
    assert [a.body for a in arts] == ["Border guards exchanged fire overnight.", "A truce was agreed at dawn."]
    obj = tmp_path / "one.json"
    obj.write_text('{\n  "title": "Truce",\n  "text": "A truce was agreed at dawn."\n}\n', encoding="utf-8")
    [art] = read_source(str(obj))
    assert art.title == "Truce"
