"""Where a message's sentences end: one splitter for the rules (which tie a word to a person only
within a sentence) and for the model (which scores each sentence).

A sentence ends at . ! ? ; : followed by a space or the end (and their Arabic and Hindi forms),
at the Chinese full stops, which need no space, at a line break and at a dash between spaces;
but not at the full stop of "Dr." or "Sra.".
"""

import re

# "[.!?;:\u061f\u0964]+(?=\s|$)|[\u3002\uff01\uff1f]+|\n|\s[-\u2013\u2014]\s", written to open
# with one set of characters: a pattern that does lets the regular expression engine skip ahead
# to them (found faster). The look-behinds pick each alternative by the character found.
SENTENCE_END_RE = re.compile(
    r"[.!?;:\u061f\u0964\u3002\uff01\uff1f\s](?:(?<=[.!?;:\u061f\u0964])[.!?;:\u061f\u0964]*(?=\s|$)"
    r"|(?<=[\u3002\uff01\uff1f])[\u3002\uff01\uff1f]*|(?<=\n)|(?<=\s)[-\u2013\u2014]\s)"
)
# The same ends but a dash's, found faster still (it stops at no space): for most messages.
FAST_END_RE = re.compile(
    r"[.!?;:\u061f\u0964\u3002\uff01\uff1f\n](?:(?<=[.!?;:\u061f\u0964])[.!?;:\u061f\u0964]*(?=\s|$)"
    r"|(?<=[\u3002\uff01\uff1f])[\u3002\uff01\uff1f]*|(?<=\n))"
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
