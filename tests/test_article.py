"""The article keeps every sentence of the clinic's page, in a structure a reader can scan."""
import re
from pathlib import Path

import pytest

from htmlpage import Page

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
    for heading in ("How Does Gabapentin Help?", "Is Gabapentin Effective for All Types of Back Pain?",
                    "Is Gabapentin a Long-Term Solution for Back Pain?", "Non-Pharmacological Approaches",
                    "Pharmacological Alternatives", "When to get help", "References", "On this page"):
        assert heading in names
    # The table of contents links to each section heading of the article.
    for fragment in ("#how-does-gabapentin-help", "#when-to-get-help", "#references"):
        assert fragment in article.links and fragment[1:] in article.ids


def test_safety_notes(article):
    assert "Educational information, not medical advice." in article.text
    assert "Don’t stop taking gabapentin or change your dose without talking to your doctor." in article.text
    assert "Call 911" in article.text and "Call or text 988" in article.text


def test_review_dates_and_references(article):
    assert re.search(r"Reviewed by: Dr\. Manvar", article.text)
    assert re.search(r"Last reviewed: \w+ \d{1,2}, \d{4}", article.text)
    assert re.search(r"Next review due: \w+ \d{1,2}, \d{4}", article.text)
    assert "https://doi.org/10.1503/cmaj.171333" in article.links
