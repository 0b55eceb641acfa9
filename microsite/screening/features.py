"""What the learned screen sees of a sentence: words, their pieces, their neighbours, and what
the lexicons know about them.

``features`` names every feature of a sentence; training (tools/train_model.py) counts them,
and model.py sums the same features' weights at run time, so the two can never disagree.
- Words, pairs and triples of neighbouring words.
- Pieces of words: three to five letters, or one to three characters in Chinese, Japanese and
  Korean, which are written without spaces. They let the model recognise misspellings and
  word forms it never saw, in any language.
- Pieces across the gap between two words ("my b", "y bac"), which catch phrases whose
  spelling varies ("mybackhurts", "my back's").
- What the rules' lexicons tag: a word's kind (a drug, a symptom, a body part ...) and the pairs
  it makes with its neighbours ("my <body>", "<drug> makes"), and whether the sentence names a
  person alongside each kind ("P&drug"). So a drug the corpus never named still counts as a drug.
Digits are all read as 0: "10/325" and "5/325" are the same kind of thing.
"""

import re

from .normalise import CJK, INDIC_MARK

# A number with its separators ("10/325", "1.5"), or a word with its apostrophes ("i'm").
_LETTERS = f"(?:[^\\W\\d_]|{INDIC_MARK})+"
TOKEN_RE = re.compile(f"\\d+(?:[.,/:-]\\d+)*|{_LETTERS}(?:'{_LETTERS})*")
CJK_RE = re.compile(f"[{CJK}]")
DIGITS = str.maketrans("0123456789", "0000000000")
START = "^"  # before the first word (never a token itself)
PERSON = "person"  # the tag of a word naming a person: "my", "I", "she", "my mother"
# Sentence ends: . ! ? ; and their Chinese, Arabic and Hindi forms, line breaks, a dash between
# spaces; but not the full stop of "Dr." or "Mr.".
SENTENCE_END_RE = re.compile(r"[.!?;\u061f\u0964]+(?=\s|$)|[\u3002\uff01\uff1f]+|\n|\s[-\u2013\u2014]\s")
ABBREVIATION_RE = re.compile(r"(?:^|\W)(?:dr|dra|mr|mrs|ms|sr|sra|st)$")


def tokens(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """Each token of ``folded[start:end]`` with its offset, digits read as 0."""
    text = folded[start:end].translate(DIGITS)
    return [(start + m.start(), m.group()) for m in TOKEN_RE.finditer(text)]


def sentences(folded: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a folded text that hold at least one token."""
    spans, start = [], 0
    for end in SENTENCE_END_RE.finditer(folded):
        if end.group() == "." and ABBREVIATION_RE.search(folded, max(0, end.start() - 4), end.start()):
            continue
        spans.append((start, end.end()))
        start = end.end()
    spans.append((start, len(folded)))
    return [(a, b) for a, b in spans if TOKEN_RE.search(folded, a, b)]


def trimmed(folded: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span without the spaces and punctuation at its edges, for quoting."""
    found = list(TOKEN_RE.finditer(folded, *span))
    return (found[0].start(), found[-1].end()) if found else span


def pieces(word: str) -> list[str]:
    """The letter n-grams of a word, padded with a space on each side to mark its edges."""
    padded = f" {word} "
    sizes = (1, 2, 3) if CJK_RE.search(word) else (3, 4, 5)
    return [padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1) if not padded[i : i + n].isspace()]


def joins(a: str, b: str) -> list[str]:
    """The five-letter pieces of "a b" that hold the space between the two words."""
    text = f"{a} {b}"
    return [text[i : i + 5] for i in range(max(0, len(a) - 3), len(a))]


def tag_features(words: list[str], tags: list[str | None]) -> list[str]:
    """Features of what the lexicons tag: kinds, the pairs they make, persons with kinds."""
    kinds = [t for t in tags if t and t != PERSON]
    if not kinds:
        return []
    names = [f"k|{kind}" for kind in kinds]
    classes = [f"<{t}>" if t and t != PERSON else w for w, t in zip(words, tags)]
    names += [f"B|{a} {b}" for a, b in zip([START] + classes, classes) if "<" in a + b]
    who = "P" if PERSON in tags else "N"
    return names + [f"j|{who}&{kind}" for kind in sorted(set(kinds))]


def features(words: list[str], tags: list[str | None]) -> list[str]:
    """Every feature of a sentence's words (and their tags), named as the vocabulary names them."""
    names = [f"w|{w}" for w in words]
    names += [f"c|{piece}" for w in words for piece in pieces(w)]
    before = [START] + words
    names += [f"b|{a} {b}" for a, b in zip(before, words)]
    names += [f"x|{piece}" for a, b in zip(words, words[1:]) for piece in joins(a, b)]
    names += [f"t|{a} {b} {c}" for a, b, c in zip(before, words, words[1:])]
    return names + tag_features(words, tags)
