"""Where a message's sentences end: one splitter for the rules (which tie a word to a person only
within a sentence) and for the model (which scores each sentence).

A sentence ends at . ! ? ; : and their Arabic, Urdu, Hindi and Amharic forms, followed by a
space, the end or a Chinese, Japanese or Korean character ("痛！谢谢": folding has made "！" a
"!"); at the Chinese and Burmese full stops, which need nothing after them; at a line break and
at a dash between spaces; but not at the full stop of "Dr." or "Sra.".
"""

import re

from .normalise import CJK

SPACED = ".!?;:\u061b\u061f\u06d4\u0964\u0965\u1362\u1367"  # ends that need a space (or CJK) after
UNSPACED = "\u3002\u104b"  # "。" and "။"
# "[SPACED]+(?=\s|$|[CJK])|[UNSPACED]+|\n|\s[-\u2013\u2014]\s", written to open with one set of
# characters: a pattern that does lets the regular expression engine skip ahead to them (found
# faster). The look-behinds pick each alternative by the character found.
SENTENCE_END_RE = re.compile(
    f"[{SPACED}{UNSPACED}\\s](?:(?<=[{SPACED}])[{SPACED}]*(?=\\s|$|[{CJK}])"
    f"|(?<=[{UNSPACED}])[{UNSPACED}]*|(?<=\n)|(?<=\\s)[-\u2013\u2014]\\s)"
)
# The same ends but a dash's, found faster still (it stops at no space): for most messages.
FAST_END_RE = re.compile(
    f"[{SPACED}{UNSPACED}\n](?:(?<=[{SPACED}])[{SPACED}]*(?=\\s|$|[{CJK}])|(?<=[{UNSPACED}])[{UNSPACED}]*|(?<=\n))"
)
DASH_RE = re.compile(r"[-\u2013\u2014](?<=\s.)(?=\s)")  # a dash between spaces
# "Dr. Manvar" and "la Sra. Pérez" do not end a sentence.
ABBREVIATION_RE = re.compile(r"(?:^|\W)(?:dr|dra|mr|mrs|ms|sr|sra|st)$")
_ABBREVIATION_ENDS = ("r", "a", "s", "t", "r\n", "a\n", "s\n", "t\n")


def sentence_ends(folded: str) -> list[tuple[int, int]]:
    """The span of each sentence end (its marks, or the line break or dash) in a folded text."""
    found = (SENTENCE_END_RE if DASH_RE.search(folded) else FAST_END_RE).finditer(folded)
    return [end.span() for end in found if not (end.group() == "." and _after_abbreviation(folded, end.start()))]


def _after_abbreviation(folded: str, end: int) -> bool:
    """Whether "Dr", "Mrs", "Sra" ... ends at ``end`` (the regular expression is tried only where
    the last letter is one of theirs, or is before a last newline, where "$" matches too)."""
    return folded.endswith(_ABBREVIATION_ENDS, 0, end) and bool(ABBREVIATION_RE.search(folded, max(0, end - 4), end))
