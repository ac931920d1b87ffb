"""Dates, credit lines, publisher names and appeals: the small rules the readers share."""

import pytest

from tieline.ingest.boilerplate import credit_names, is_appeal, WORD
from tieline.ingest.metadata import byline_authors, find_date, guess_publisher, normalize_date


@pytest.mark.parametrize(
    "text,iso",
    [
        ("May 30, 2017 09:45", "2017-05-30T09:45"),
        ("Thursday, June 11th, 2009 @ 10:57 UTC", "2009-06-11T10:57+00:00"),
        ("Updated: 3 March 2021, 4:05 pm GMT", "2021-03-03T16:05+00:00"),
        ("Posted 2020-01-02T03:04:05+05:30 by staff", "2020-01-02T03:04:05+05:30"),
        ("Jan. 5, 2022", "2022-01-05"),
        ("Published: 12/09/2022 18:30", "2022-09-12T18:30"),  # numeric: day first ...
        ("05/30/2017", "2017-05-30"),  # ... unless the day says otherwise
        ("30.05.2017, 09:45", "2017-05-30T09:45"),
        ("no date in this line", None),
    ],
)
def test_find_date(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "value,iso",
    [
        ("Mon, 05 Jun 2023 09:30:00 +0200", "2023-06-05T09:30:00+02:00"),
        ("2023-06-05T09:30:00Z", "2023-06-05T09:30:00+00:00"),
        ("2023-06-05", "2023-06-05"),
        (1685957400, "2023-06-05T09:30:00+00:00"),
        ("", None),
    ],
)
def test_normalize_date(value, iso):
    assert normalize_date(value) == iso


@pytest.mark.parametrize(
    "line,names",
    [
        ("Reuters contributed to this report.", ["Reuters"]),
        ("The Associated Press and AFP contributed to this report.", ["The Associated Press", "AFP"]),
        ("Additional reporting by Jane Roe.", ["Jane Roe"]),
        ("(Reporting by Jan Kowalski; Editing by Mark Heinrich)", ["Jan Kowalski"]),
        ("Reuters reported that the talks had failed.", None),
    ],
)
def test_credit_lines(line, names):
    assert credit_names(line) == names


def test_publisher_is_the_most_repeated_news_name():
    lines = ["Thanks for reading The Valley Courier today.", "Weekend Magazine", "© 2024 Valley Courier Media Group"]
    assert guess_publisher(lines) == "The Valley Courier"


def test_byline_authors():
    assert byline_authors("By Jane Roe and John Doe") == ["Jane Roe", "John Doe"]
    assert byline_authors("Posted by Ana Costa") == ["Ana Costa"]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Subscribe to our newsletter", True),
        ("Support independent journalism: become a member for just $5 a month and read without ads.", True),
        ("The company earned $2.53 per share, as revenue rose 3.5 percent to $27.2 billion a year earlier.", False),
        ('"They must help us," the mayor said.', False),
        ("“We thank all our donors for this donation and we hope you will support us again,” she said.", False),
    ],
)
def test_appeal_detection(line, expected):
    assert is_appeal(line, WORD.findall(line)) is expected


@pytest.mark.parametrize(
    "text,code",
    [
        (
            "Les ministres des deux pays se sont réunis lundi dans la capitale et ont convenu de reprendre les vols directs, "
            "selon un communiqué du ministère des affaires étrangères. Les vols avaient été suspendus pendant plus d'un an "
            "après un différend sur les droits d'atterrissage à l'aéroport principal de la ville.",
            "fr",
        ),
        (
            "Die Minister beider Länder trafen sich am Montag in der Hauptstadt und vereinbarten, die Direktflüge wieder "
            "aufzunehmen, wie das Außenministerium mitteilte. Die Flüge waren nach einem Streit über Landerechte am "
            "wichtigsten Flughafen der Stadt für mehr als ein Jahr ausgesetzt worden.",
            "de",
        ),
        (
            "Ministers from both countries met in the capital on Monday and agreed to resume direct flights, according to a "
            "statement from the foreign ministry. Flights had been suspended for more than a year after a dispute over "
            "landing rights at the main airport of the city.",
            "en",
        ),
    ],
)
def test_language_by_function_words(text, code):
    from tieline.ingest.metadata import _quick_language, language

    assert _quick_language(text) == code  # answered without the identifier's model
    assert language(text) == code


@pytest.mark.parametrize("text", ["Tuesday, June 8, 2021\xa0\n", "12:30 - 14:45 (UTC+2) 2021-03-15", "Breaking news"])
def test_too_few_letters_have_no_language(text, monkeypatch):
    """Dates, times and two-word stubs say nothing of their language: None, without asking the
    identifier (loading its model costs a second of CPU in a run that needs it for nothing else)."""
    import sys

    from tieline.ingest.metadata import language

    monkeypatch.setitem(sys.modules, "py3langid", None)  # importing it now fails
    assert language(text) is None
