"""Lexicons: loading the word lists in lexicons/, tokenising text, and matching misspellings.

Everything here is built once per process (``load_lexicons`` is cached); screening a message
only does dictionary lookups.
"""

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from itertools import pairwise
from typing import NamedTuple

from .normalise import CJK, INDIC_MARK, fold

LEXICON_DIR = files(__package__).joinpath("lexicons")

# File name -> kind of term. Kinds are what the rules in rules.py reason about.
KIND_FILES = {
    "drugs.txt": "drug",
    "drugs_generated.txt": "drug",
    "symptoms.txt": "symptom",
    "conditions.txt": "condition",
    "body_parts.txt": "body",
    "procedures.txt": "procedure",
    "tests.txt": "test",
    "lab_values.txt": "lab",
    "mental_health.txt": "mental",
    "injuries.txt": "injury",
    "pregnancy.txt": "pregnancy",
    "urgent.txt": "urgent",
}
# Generated from a large public list: exact matches only, never a misspelling target.
NOT_FUZZY = {"drugs_generated.txt"}

# A word in any script, with its apostrophe ("i'm", "doctor's"). Chinese, Japanese and Korean
# characters each count as one word, since they are written without spaces.
# (Runs of each class, and the commoner branch first: the same tokens, found faster.)
_LETTERS = f"(?:[^\\W_{CJK}]+|{INDIC_MARK}+)+"
TOKEN_RE = re.compile(f"{_LETTERS}(?:'{_LETTERS})?|[{CJK}]")
# The same tokens in a text without a character of the scripts of India and Thailand (most
# texts): there the marks can't occur, and one set of letters is matched faster than two.
INDIC_RE = re.compile(INDIC_MARK)
PLAIN_TOKEN_RE = re.compile(f"[^\\W_{CJK}]+(?:'[^\\W_{CJK}]+)?|[{CJK}]")
# People often leave out the apostrophe, or the g of "-ing" ("my back is killin me"); the rules
# are written with them.
CONTRACTIONS = {
    "cant": "can't",
    "cannot": "can't",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "im": "i'm",
    "ive": "i've",
    "hes": "he's",
    "shes": "she's",
    "isnt": "isn't",
    "wont": "won't",
    "couldnt": "couldn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "arent": "aren't",
    "shouldnt": "shouldn't",
    "wouldnt": "wouldn't",
    **{
        word[:-1]: word for word in "killing hurting aching throbbing burning tingling bleeding swelling giving".split()
    },
}

# Arabic writes "the" (and "and the", "with the", "for the") joined to its word: "الانتحار" is
# "انتحار" (suicide) with the article. Words and lexicon terms are matched without it, but a
# word left with fewer than three letters keeps it ("الله").
ARABIC_ARTICLE_RE = re.compile("^(?:[\u0648\u0641\u0628\u0643]?\u0627\u0644|\u0644\u0644)(?=[\u0621-\u064a]{3})")
ARABIC_RE = re.compile("[\u0621-\u064a]")


def word_forms(tokens: list[str], text: str) -> list[str]:
    """Tokens (of ``text``) as the rules match them: contractions with their apostrophe, Arabic
    words without the article."""
    words = list(map(CONTRACTIONS.get, tokens, tokens))
    if not ARABIC_RE.search(text):
        return words  # (most texts: no word to look at twice)
    # A word that starts with an Arabic letter (as ARABIC_RE.match finds it: compared faster)
    return [ARABIC_ARTICLE_RE.sub("", w) if "\u0621" <= w < "\u064b" else w for w in words]


# Misspellings: words this long may be one letter off, longer ones two.
FUZZY_MIN_LENGTH = 6
FUZZY_TWO_EDITS_LENGTH = 9


def tokens(text: str) -> list[str]:
    folded = fold(text).text
    return word_forms(TOKEN_RE.findall(folded), folded)


def _read_terms(name: str) -> list[str]:
    resource = LEXICON_DIR.joinpath(name)
    if not resource.is_file():
        return []
    lines = resource.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _deletions(word: str, depth: int) -> set[str]:
    """The word with up to ``depth`` letters removed, keeping the first letter
    (patients rarely get the first letter wrong, and it halves false matches)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(1, len(w))}
        found |= frontier
    return found


def _allowed_edits(length: int) -> int:
    return 2 if length >= FUZZY_TWO_EDITS_LENGTH else 1


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (swaps count as one edit), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True, eq=False)
class FuzzyIndex:
    """Symmetric-deletion index: a misspelling and its term share a deletion variant."""

    targets: frozenset
    variants: dict


def fuzzy_candidates(word: str, index: FuzzyIndex) -> str | None:
    """The curated term ``word`` is a misspelling of, or None."""
    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
        return None
    best, best_distance = None, 3
    for variant in _deletions(word, _allowed_edits(len(word))):
        for target in index.variants.get(variant, ()):
            limit = _allowed_edits(min(len(target), len(word)))
            distance = _edit_distance(word, target, limit)
            if distance <= limit and (distance, target) < (best_distance, best or "~"):
                best, best_distance = target, distance
    return best


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, as a cache key
class Lexicons:
    # first word -> Starts: its kinds alone, and the longer phrases it starts
    phrases: dict
    # "category | phrase" entries of disclosures.txt, same shape with the category as kind
    disclosures: dict
    fuzzy_index: FuzzyIndex
    not_misspellings: frozenset
    suffix_exceptions: frozenset
    # urgent.txt's phrases as written there, each named by its words (urgent.phrases)
    urgent_phrases: frozenset
    # The words met so far that can start a term, each with the terms it starts (its Starts, with
    # its kinds alone as a misspelling or by its ending if no phrase is the word alone), and the
    # words that can't (rules.Message._tag): a message's are then found with set operations.
    term_starts: dict = field(default_factory=dict)
    other_words: set = field(default_factory=set)

    def fuzzy_term(self, word: str) -> str | None:
        if word in self.not_misspellings:
            return None
        return _cached_fuzzy(word, self.fuzzy_index)


# Messages repeat words, so each word's misspelling look-up is done once per process.
@lru_cache(maxsize=65536)
def _cached_fuzzy(word: str, index: FuzzyIndex) -> str | None:
    return fuzzy_candidates(word, index)


def _add_phrase(table: dict, phrase: str, kind: str) -> None:
    words = tuple(tokens(phrase))
    if not words:
        return
    # Where two of a phrase's words touch, a message's must touch too: each Korean syllable is a
    # word here, and "혼자 살아요" (I live alone) holds those of "자살" (suicide) across a space.
    found = pairwise(TOKEN_RE.finditer(fold(phrase).text))
    glued = {k for k, (a, b) in enumerate(found) if a.end() == b.start()}
    entries = table.setdefault(words[0], {})
    kinds, touching = entries.setdefault(words[1:], (set(), glued))
    kinds.add(kind)
    touching &= glued  # the same words written both ways: the looser one


class Starts(NamedTuple):
    """The phrases that start with one word."""

    alone: frozenset | None  # the kinds of the word on its own, if it is a phrase
    # second word -> [(the words after the first, kinds, the k whose words k and k + 1 touch,
    # counted from the first)], longest first: a message's word is followed by one of few second
    # words, so most longer phrases need no comparing
    longer: dict


def _freeze(table: dict) -> dict[str, Starts]:
    out = {}
    for first, entries in table.items():
        longer: dict = {}
        for rest, (kinds, glued) in sorted(entries.items(), key=lambda entry: -len(entry[0])):
            if rest:
                longer.setdefault(rest[0], []).append((rest, frozenset(kinds), tuple(sorted(glued))))
        out[first] = Starts(frozenset(entries[()][0]) if () in entries else None, longer)
    return out


@cache
def load_lexicons() -> Lexicons:
    phrases: dict = {}
    fuzzy_targets: dict[str, str] = {}
    urgent: set[str] = set()
    for name, kind in KIND_FILES.items():
        for term in _read_terms(name):
            _add_phrase(phrases, term, kind)
            words = tokens(term)
            if kind == "urgent":
                urgent.add(" ".join(words))
            if name not in NOT_FUZZY and len(words) == 1 and len(words[0]) >= FUZZY_MIN_LENGTH:
                fuzzy_targets[words[0]] = kind
    disclosures: dict = {}
    for line in _read_terms("disclosures.txt"):
        category, _, phrase = line.partition("|")
        _add_phrase(disclosures, phrase.strip(), category.strip())
    variants: dict[str, list[str]] = {}
    for target in fuzzy_targets:
        for variant in _deletions(target, _allowed_edits(len(target))):
            variants.setdefault(variant, []).append(target)
    index = FuzzyIndex(frozenset(fuzzy_targets), {k: tuple(v) for k, v in variants.items()})
    return Lexicons(
        phrases=_freeze(phrases),
        disclosures=_freeze(disclosures),
        fuzzy_index=index,
        not_misspellings=frozenset(
            tokens(" ".join(_read_terms("not_misspellings.txt") + _read_terms("words_not_misspellings.txt")))
        ),
        suffix_exceptions=frozenset(_read_terms("suffix_exceptions.txt")),
        urgent_phrases=frozenset(urgent),
    )
