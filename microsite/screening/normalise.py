"""Text as the patient meant it: invisible characters removed, compatibility forms folded.

A message pasted from a phone, a PDF or a chat can carry characters nobody sees: soft hyphens,
zero-width spaces and joiners, bidirectional marks, tag characters, variation selectors.
``without_invisibles`` removes them before a message is screened or sent. ``fold`` then gives
the copy the rules and the model read: NFKC (full-width and ligature letters become plain ones),
case folded, Latin accents and Arabic vowel marks dropped, apostrophes straightened. Folding can
change a text's length ("ﬁ" is two letters), so it keeps, for every folded character, the index
of the character it came from: a finding's excerpt is always quoted exactly as written.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Invisible characters: every format character of Unicode 15 (Cf: soft hyphen, Arabic number
# signs, zero-width space and joiners, bidirectional marks and isolates, word joiner, BOM, tag
# characters ...), variation selectors, the combining grapheme joiner and the Hangul fillers.
INVISIBLE_RE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
    "\u034f\u115f\u1160\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)

# Chinese, Japanese and Korean characters, written without spaces between words.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# Vowel signs and other marks of the scripts of India, Thailand and Myanmar: parts of a word,
# though Unicode doesn't count them as letters. Not their full stops and commas (the danda "।"
# and "॥", Burmese "၊" and "။"), which end sentences and clauses (sentences.py).
INDIC_MARK = "[\u0900-\u0963\u0966-\u0dff\u0e00-\u0e7f\u1000-\u1049\u104c-\u109f]"
APOSTROPHES = "\u2018\u2019\u02bc\u00b4\u0060\uff07"
# Marks a reader doesn't need to recognise a word: Latin, Greek and Cyrillic accents, and the
# Arabic short vowels few people type. Marks that are letters' parts in other scripts
# (Devanagari vowel signs, for example) stay.
_DROPPED_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670]")
_SPECIAL = {"đ": "d", "ø": "o", "ł": "l", "ı": "i"}


def without_invisibles(text: str) -> str:
    return INVISIBLE_RE.sub("", text)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in APOSTROPHES:
        return "'"
    folded = unicodedata.normalize("NFKC", char).casefold()
    folded = _DROPPED_MARKS.sub("", unicodedata.normalize("NFKD", folded))
    folded = "".join(_SPECIAL.get(c, c) for c in folded)
    return unicodedata.normalize("NFC", folded)


@dataclass(frozen=True)
class Folded:
    """``text`` folded for matching; ``origin[i]`` is the index in ``original`` that folded
    character ``i`` came from (None where every character folded to one, and the two line up)."""

    original: str
    text: str
    origin: tuple | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded characters ``start:end`` came from."""
        if self.origin is None or start >= end:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1

    def char(self, i: int) -> str:
        """The character of the original text that folded character ``i`` came from."""
        return self.original[i if self.origin is None else self.origin[i]]

    def excerpt(self, start: int, end: int) -> str:
        first, last = self.span(start, end)
        return self.original[first:last]


class _FoldTable(dict):
    """str.translate's table: each character's folded form, worked out when first seen.
    ``changes_length`` holds the characters that fold to more or fewer than one."""

    def __init__(self):
        super().__init__()
        self.changes_length: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = "" if INVISIBLE_RE.match(char) else _fold_char(char)
        if len(folded) != 1:
            self.changes_length.add(char)
        if len(self) < 1 << 16:
            self[code] = folded
        return folded


_TABLE = _FoldTable()
_RUNS_RE = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_NON_ASCII_SPLIT_RE = re.compile(r"([^\x00-\x7f][^\x00-\x7f]*)")  # (opens with a set: found faster)
# A non-ASCII run (most often a word, or the accented letters of one) -> its folded form, and
# whether any of its characters folds to more or fewer than one. Messages repeat words, and a
# look-up here is faster than translating the run character by character.
_FOLDED_RUNS: dict[str, tuple[str, bool]] = {}


def _fold_run(run: str) -> tuple[str, bool]:
    found = _FOLDED_RUNS.get(run)
    if found is None:
        if len(_FOLDED_RUNS) >= 1 << 16:
            _FOLDED_RUNS.clear()
        folded = run.translate(_TABLE)
        found = _FOLDED_RUNS[run] = (folded, not _TABLE.changes_length.isdisjoint(run))
    return found


def fold(text: str) -> Folded:
    if text.isascii():
        return Folded(text, text.lower().replace("`", "'"), None)
    # Most texts fold letter for letter: then offsets line up. The ASCII parts are lowered
    # together (joined by a character none of them holds), the non-ASCII runs folded one by one.
    parts = _NON_ASCII_SPLIT_RE.split(text)  # ASCII, non-ASCII, ASCII ...
    parts[::2] = "\x80".join(parts[::2]).lower().replace("`", "'").split("\x80")
    runs = list(map(_fold_run, parts[1::2]))
    if not any(changes for _, changes in runs):
        parts[1::2] = [folded for folded, _ in runs]
        return Folded(text, "".join(parts), None)
    pieces, origin = [], []
    for run in _RUNS_RE.finditer(text):
        start = run.start()
        if run.group().isascii():
            pieces.append(run.group().lower().replace("`", "'"))
            origin.extend(range(start, run.end()))
            continue
        for index, char in enumerate(run.group(), start):
            folded = "" if INVISIBLE_RE.match(char) else _fold_char(char)
            pieces.append(folded)
            origin.extend([index] * len(folded))
    return Folded(text, "".join(pieces), tuple(origin))
