"""Plain-text page dumps: body found among menus, appeals, captions, related links, cookie notices
and comments; metadata read from the lines around it."""

from tieline.ingest import read_source
from tieline.ingest.text import read_text


def page(fixtures):
    [art] = read_source(str(fixtures / "page-harbor-ledger.txt"))
    return art


def test_body_starts_and_ends_with_the_article(fixtures):
    art = page(fixtures)
    assert art.body.startswith("The governments of Northland and Southport agreed on Tuesday")
    assert art.body.endswith("set a timetable for passenger crossings.")
    assert len(art.paragraphs) == 8


def test_boilerplate_is_not_in_the_body(fixtures):
    body = page(fixtures).body.lower()
    for junk in (
        "dear reader",
        "$4 a month",
        "paywall",
        "photo credit",
        "minute read",
        "related content",
        "cookie",
        "comments",
        "finally some good news",
        "all rights reserved",
        "skip to main",
        "contributed to this report",
        "fishing fleets",
    ):
        assert junk not in body, junk


def test_teaser_standfirst_is_not_repeated_as_body(fixtures):
    assert "could open to freight within weeks" not in page(fixtures).body


def test_metadata_from_the_page_lines(fixtures):
    art = page(fixtures)
    assert art.title == "Northland and Southport agree to reopen the Varna border crossing"
    assert art.published == "2023-03-14T16:20-05:00"  # EST kept as an offset
    assert art.publisher == "The Harbor Ledger"  # named in the appeal and the footer
    assert art.authors == ["Mara Olsen"]
    assert art.credit == ["The Associated Press"]
    assert art.language == "en"
    assert art.format == "text"


def test_site_and_headline_split_from_a_page_title_line():
    text = "\n".join(
        [
            "Harbor Voices » Farmers protest new water prices",
            "Home",
            "About",
            "Contact",
            "Farmers protest new water prices",
            "June 2, 2022 at 08:05 UTC",
            "Hundreds of farmers drove their tractors into the provincial capital on Thursday to protest against new water prices set by the regional government.",
            "The farmers' union said the prices would double the cost of irrigation for small holdings, and asked the government to delay them by a year.",
            "A spokesman for the regional government said the prices had been agreed with water companies and would not change.",
            "Share",
            "Print",
        ]
    )
    art = read_text(text, "x.txt")
    assert art.title == "Farmers protest new water prices"
    assert art.publisher == "Harbor Voices"
    assert art.published == "2022-06-02T08:05+00:00"
    assert art.body.startswith("Hundreds of farmers") and art.body.endswith("would not change.")


def test_comment_thread_longer_than_the_article_is_not_taken_for_it():
    article = [
        f"Paragraph {i} of the report describes how the two delegations met again on Monday and agreed to continue the talks next month."
        for i in range(3)
    ]
    comments = []
    for i in range(12):
        comments += [
            f"reader{i}",
            "May 3, 2021 at 10:1%d am" % (i % 10),
            "I think this whole negotiation is pointless and the government should simply walk away from the table now.",
            "Reply",
        ]
    text = "\n".join(
        ["Talks continue next month", "May 3, 2021"] + article + ["Share this:", "12 responses to this story"] + comments
    )
    art = read_text(text, "x.txt")
    assert "walk away" not in art.body
    assert art.body.startswith("Paragraph 0")


def test_hard_wrapped_paragraphs_are_joined():
    paras = [
        (
            "The committee said on %s that it would publish its findings on the\n"
            "border incident next week, after interviewing officers from both sides and\n"
            "reviewing footage recorded by cameras at the crossing point near the river\n"
            "bank."
        )
        % day
        for day in ("Monday", "Tuesday", "Wednesday")
    ]
    text = "Committee to publish border findings\n\n" + "\n\n".join(paras)
    art = read_text(text, "x.txt")
    assert len(art.paragraphs) == 3
    assert "\n" not in art.paragraphs[0]


def test_page_without_article_text_is_no_text(tmp_path):
    import pytest
    from tieline.ingest import IngestError

    p = tmp_path / "menu.txt"
    p.write_text("Home\nWorld\nSports\nContact\nSubscribe\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        read_source(str(p))
    assert e.value.reason == "no-text"


def test_wire_style_page_caption_credit_and_standards_line_out(fixtures):
    [art] = read_source(str(fixtures / "page-wire-style.txt"))
    assert art.body.startswith("PRAGUE, June 8 (Reuters) - Energy ministers")
    assert art.body.endswith("ahead of the heating season.")
    for junk in ("File Photo", "Licensing Rights", "Our Standards", "Editing by", "newsletter", "Read Next"):
        assert junk not in art.body, junk
    assert art.published == "2023-06-08T15:14+00:00"
    assert art.publisher == "Reuters"  # the copyright holder in the footer
    assert art.authors == ["Karel Novak"]
    assert art.credit == ["Karel Novak"]  # "Reporting by ...; Editing by ..."


def test_broadcaster_style_page_image_lines_and_related_out(fixtures):
    [art] = read_source(str(fixtures / "page-broadcaster-style.txt"))
    assert art.title == "Coastal states sign migration pact after months of talks"
    assert art.body.startswith("Leaders of five coastal states have signed a pact")
    assert art.body.endswith("how the arrangements are working.")
    for junk in ("Image source", "Image caption", "posed for photographs", "Related Topics", "Storm warnings"):
        assert junk not in art.body, junk
    assert art.publisher == "Broadcaster"
    assert art.authors == ["Priya Nair"]


def test_clean_article_text_is_kept_whole():
    text = (
        "Ceasefire holds in the valley\n\n"
        "The ceasefire between the two militias held for a third day on Sunday.\n\n"
        "Both sides withdrew heavy weapons.\n\n"
        "Monitors said they would stay in the valley until the end of the month.\n"
    )
    art = read_text(text, "clean.txt")
    assert art.title == "Ceasefire holds in the valley"
    assert art.paragraphs == [
        "The ceasefire between the two militias held for a third day on Sunday.",
        "Both sides withdrew heavy weapons.",
        "Monitors said they would stay in the valley until the end of the month.",
    ]


def test_single_sentence_file():
    art = read_text("Iran and Hamas agreed on Monday to restore full relations, officials said.", "one.txt")
    assert art.body == "Iran and Hamas agreed on Monday to restore full relations, officials said."


def test_regional_style_page_numeric_date_inline_ads_and_author_bio(fixtures):
    [art] = read_source(str(fixtures / "page-regional-style.txt"))
    assert art.title == "Neighbours hold first direct talks in a decade over disputed islands"
    assert art.published == "2022-09-12T18:30"  # 12/09/2022: day first
    assert art.body.startswith("The foreign ministers of the two states met")
    assert art.body.endswith("before the end of the year.")
    for junk in ("Advertisement", "READ MORE", "correspondent", "Topics:", "newsletter", "Listen to this"):
        assert junk not in art.body, junk
    assert art.publisher == "Regional Times"


def test_gzipped_page_text_is_read_transparently(fixtures, gz):
    raw = (fixtures / "page-harbor-ledger.txt").read_bytes()
    [plain] = read_source(str(fixtures / "page-harbor-ledger.txt"))
    [zipped] = read_source(str(gz("page.txt.gz", raw)))
    assert zipped.body == plain.body and zipped.title == plain.title and zipped.format == "text"
