"""The article keeps every sentence of the clinic's page, in a structure a reader can scan."""

import datetime
import json
import re
from pathlib import Path

import pytest
import textstat
from markupsafe import escape

from articletext import blocks, is_added, is_lead_in, plain
from htmlpage import Page
from microsite import content
from support import content_with, make_app

SEED = Path(__file__).parent / "fixtures" / "clinic-page.txt"
# The two editorial repairs: a misused word, and a list that lost its items.
REPAIRED = {"becomes impertinent": "becomes important"}


def seed_article_sentences():
    text = SEED.read_text(encoding="utf-8")
    start = text.index("How Does Gabapentin Help for Back Pain?")
    end = text.index("Schedule a Consultation")
    sentences = []
    for line in text[start:end].splitlines():
        line = line.strip().lstrip("•").strip()
        sentences += [s for s in re.split(r"(?<=[.!?:])\s+", line) if s]
    return sentences


def normalise(text):
    for old, new in REPAIRED.items():
        text = text.replace(old, new)
    return " ".join(text.split())


@pytest.fixture
def article(client):
    return Page(client.get("/").get_data(as_text=True))


def test_seed_has_sentences_to_compare():
    assert len(seed_article_sentences()) > 25


@pytest.mark.parametrize("sentence", seed_article_sentences())
def test_every_seed_sentence_is_in_the_article(article, sentence):
    assert normalise(sentence) in article.text


def test_repaired_wording(article):
    assert "impertinent" not in article.text
    assert "exploring alternative options becomes important" in article.text


def test_types_of_back_pain_list_has_items(client):
    html = client.get("/").get_data(as_text=True)
    match = re.search(r"various types of back pains, including:</p>\s*<ul>(.*?)</ul>", html, re.S)
    assert match, "the list of back pain types must follow its introduction"
    items = re.findall(r"<li>(.*?)</li>", match.group(1))
    assert len(items) >= 3
    assert any("sciatica" in item.lower() for item in items)


def test_structure_for_scanning(article):
    levels = [level for level, _ in article.headings]
    assert levels.count(1) == 1
    names = [name for _, name in article.headings]
    for heading in (
        "How Does Gabapentin Help?",
        "Is Gabapentin Effective for All Types of Back Pain?",
        "Is Gabapentin a Long-Term Solution for Back Pain?",
        "Non-Pharmacological Approaches",
        "Pharmacological Alternatives",
        "When to get help",
        "References",
        "On this page",
    ):
        assert heading in names
    # The table of contents links to each section heading of the article.
    for fragment in ("#how-does-gabapentin-help", "#when-to-get-help", "#references"):
        assert fragment in article.links and fragment[1:] in article.ids


def test_safety_notes(article):
    assert "Educational information, not medical advice." in article.text
    assert "Don’t stop taking gabapentin or change your dose without talking to your doctor." in article.text
    assert "Call 911" in article.text and "Call or text 988" in article.text


def test_safety_callout_is_announced_as_important(client):
    # Screen readers don't announce a colour: NHS.UK's inset text starts with a hidden
    # "Important: ", and so does ours.
    html = client.get("/").get_data(as_text=True)
    callout = re.search(r'<div class="callout callout-warning">(.*?)</div>', html, re.S).group(1)
    assert re.search(r'<strong><span class="visually-hidden">Important: </span>Don’t stop taking gabapentin', callout)
    assert 'role="alert"' not in html  # static text is not an alert


# Every fact the article adds to the clinic's page names its source.


def added_blocks(html):
    return [block for block in blocks(html) if is_added(block)]


def test_every_added_fact_has_a_reference(client):
    html = client.get("/").get_data(as_text=True)
    added = added_blocks(html)
    sections = {block.section for block in added} | {c for block in added for c in block.containers}
    # The test reads what it should: every added part of the page is there.
    assert {
        "what-research-says",
        "side-effects-and-safety",
        "when-to-get-help",
        "summary",
        "key-facts",
        "callout-warning",
    } <= sections
    assert len(added) > 30
    uncited = [block.text for block in added if not block.cites and not is_lead_in(block)]
    assert uncited == []


def test_citations_link_to_references_with_a_title_and_an_address(client):
    page = content.load("article")
    html = client.get("/").get_data(as_text=True)
    cited = {number for block in blocks(html) for number in block.cites}
    numbers = {ref["number"] for ref in page.references}
    assert cited == numbers  # each citation has a reference, and each reference is cited
    parsed = Page(html)
    for ref in page.references:
        assert ref["title"].strip() and ref["url"].startswith("https://")
        assert f"ref-{ref['number']}" in parsed.ids
        # The list reads each reference by its title, linked: not a bare address.
        assert f'<li id="ref-{ref["number"]}"><a href="{ref["url"]}">{escape(ref["title"])}</a>' in html
    assert not re.search(r">\s*https?://", html)  # no link whose text is an address
    # A screen reader hears "reference 3", not "left bracket 3".
    assert '<a class="cite" href="#ref-2">[<span class="visually-hidden">reference </span>2]</a>' in html


def test_citing_an_unknown_reference_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "article.md").write_text(
        '+++\ntitle = "T"\ndescription = "D"\n[[references]]\nid = "a"\ntitle = "A"\nurl = "https://a.example"\n'
        "+++\nA fact [@b].\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)
    with pytest.raises(content.ContentError, match=r"\[@b\] cites no reference"):
        content.load("article")


def test_the_fda_breathing_warning_is_linked_in_the_text(article):
    text = article.text
    assert (
        "In December 2019, the U.S. Food and Drug Administration (FDA) warned that gabapentin can cause "
        "serious breathing problems" in text
    )
    assert (
        "https://www.fda.gov/drugs/fda-drug-safety-podcasts/fda-warns-about-serious-breathing-problems-"
        "seizure-and-nerve-pain-medicines-gabapentin-neurontin" in article.links
    )


# Plain words: the Flesch-Kincaid grade (textstat: 0.39 × words per sentence + 11.8 × syllables
# per word − 15.59) of every part the article adds, and of all of it, is 8 or below. Citation
# numbers are left out, and each paragraph or list item counts as a sentence, as it is read.
MAX_GRADE = 8


def grade(texts):
    return textstat.flesch_kincaid_grade(" ".join(plain(text) for text in texts))


def test_added_text_reads_at_grade_8_or_below(client):
    added = added_blocks(client.get("/").get_data(as_text=True))
    parts = {}
    for block in added:
        part = block.section or next(
            (c for c in block.containers if c in ("summary", "key-facts", "callout-warning")), "types of back pain"
        )
        parts.setdefault(part, []).append(block.text)
    grades = {part: grade(texts) for part, texts in parts.items()}
    grades["all added text"] = grade([block.text for block in added])
    assert {part: g for part, g in grades.items() if g > MAX_GRADE} == {}, grades


def test_the_grade_measure_tells_hard_text_from_plain_text():
    # So that a broken measure can't pass everything: the clinic's own sentences are hard.
    seed = (
        "Gabapentin as a long-term solution for back pain involves considering the nature of the underlying conditions."
    )
    assert grade([seed]) > 11
    assert grade(["Most people who take gabapentin do not get side effects."]) < MAX_GRADE


# Review status: the page claims only a review that a clinician has recorded.


def test_unreviewed_page_says_it_is_waiting_and_claims_no_review(client):
    html = client.get("/").get_data(as_text=True)
    page = Page(html)
    assert "This page is waiting for review by the clinic’s doctor." in page.text
    assert "Reviewed by" not in page.text and "Last reviewed" not in page.text and "Next review" not in page.text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert not {"lastReviewed", "reviewedBy"} & set(data)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", html)  # no date anywhere in the page
    assert "<lastmod>" not in client.get("/sitemap.xml").get_data(as_text=True)


@pytest.fixture
def reviewed_content(tmp_path, monkeypatch):
    """The content folder, with a review recorded in the article's front matter."""
    review = 'reviewed_by = "Jane Q. Example"\nreviewer_credentials = "MD, pain medicine"\nlast_reviewed = 2027-03-01\n'
    return content_with(tmp_path, monkeypatch, "en/article.md", review)


def test_a_recorded_review_shows_name_credentials_and_date(reviewed_content, tmp_path):
    app = make_app(tmp_path)
    try:
        html = app.test_client().get("/").get_data(as_text=True)
    finally:
        app.extensions["outbox_sender"].stop()
    page = Page(html)
    assert "Reviewed by: Jane Q. Example, MD, pain medicine" in page.text
    assert "Last reviewed: March 1, 2027" in page.text and "Next review due: March 1, 2028" in page.text
    assert "waiting for review" not in page.text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["lastReviewed"] == "2027-03-01"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Jane Q. Example", "description": "MD, pain medicine"}


def test_a_review_without_its_reviewer_or_date_is_an_error(reviewed_content):
    text = reviewed_content.read_text(encoding="utf-8")
    reviewed_content.write_text(text.replace('reviewer_credentials = "MD, pain medicine"\n', ""), encoding="utf-8")
    with pytest.raises(content.ContentError, match="missing reviewer_credentials"):
        content.load("article")
    assert content.Review("A B", "MD", datetime.date(2028, 2, 29)).next_review == datetime.date(2029, 2, 28)
