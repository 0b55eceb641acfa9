"""What the learned screen sees of a sentence: words, their pieces, their neighbours, and what
the lexicons know about them.

``sentence_words`` gives the spans the model scores: sentences (which end where the rules'
do, sentences.py), the clauses of a sentence joined with commas, and the parts of a long run of
words without one. ``features`` names every
feature of one of them; training (tools/train_model.py) counts them, and model.py sums the same
features' weights at run time, so the two can never disagree.
- Words, pairs and triples of neighbouring words. The words are the rules' tokens
  (rules.Message), so that a message is split into words once; but a run of Chinese, Japanese
  or Korean characters, written without spaces, is one word.
- Pieces of words: three to five letters, or one to three characters in Chinese, Japanese,
  Korean and Ge'ez (Amharic), whose characters are words or syllables. They let the model
  recognise misspellings and word forms it never saw, in any language.
- Pieces across the gap between two words ("my b", "y bac"), which catch phrases whose
  spelling varies ("mybackhurts", "my back's").
- What the rules' lexicons tag: a word's kind (a drug, a symptom, a body part ...) and the pairs
  it makes with its neighbours ("my <body>", "<drug> makes"), and whether the sentence names a
  person alongside each kind ("P&drug"). So a drug the corpus never named still counts as a drug.
  A word's tag depends on the word alone (rules.word_tag), not on its neighbours: then all a
  word brings to a sentence (``own``, ``pair``) is the same wherever it appears, and its sums
  can be kept between messages.
Digits are all read as 0: "10mg" and "50mg" are the same kind of thing.
"""

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

from .normalise import CJK, INDIC_MARK

# For quoting a sentence (trimmed): a letter, a digit or an Indic mark. Every word or number
# ("10/325", "i'm") starts and ends with one of these.
WORD_CHAR_RE = re.compile(f"[^\\W_]|{INDIC_MARK}")
CJK_RE = re.compile(f"[{CJK}]")
# Scripts whose characters are syllables or words (Chinese, Japanese, Korean; Ge'ez, which
# writes Amharic): their pieces are one to three characters, as long as three to five letters.
SYLLABIC_RE = re.compile(f"[{CJK}\u1200-\u137f]")
ZEROS = str.maketrans("123456789", "000000000")  # digits read as 0
START = "^"  # before the first word (never a token itself)
PERSON = "person"  # the tag of a word naming a person: "my", "I", "she", "my mother"
CJK_RUN_RE = re.compile(f"[{CJK}][{CJK}]+")
# Clause ends inside a sentence: a comma (Arabic, Chinese, Amharic and Burmese ones too), but not
# in "1,800" (folding has made the Chinese "，" a ",").
CLAUSE_END_RE = re.compile("[,\u060c\u3001\u1363\u104a](?!\\d)")
# A run of words without a comma longer than this is also scored in parts of at most PART_OF_RUN.
LONG_RUN, PART_OF_RUN = 24, 16


def sentence_words(folded: str, tokens: list[str], starts: list[int], numeric: list[int], ends: list[tuple[int, int]]):
    """The span and the words of each sentence that has any, and of each clause of a sentence
    that has more than one (its parts between commas, and those of a long run: _parts). The
    words are the rules' tokens (rules.Message: ``tokens`` at offsets ``starts``, those holding
    a digit at ``numeric``), and the sentences end where the rules' do (``ends``,
    sentences.sentence_ends), so that a message is split once: digits read as 0, and a run of
    Chinese, Japanese or Korean characters as one word, as the model learned it (the rules read
    each character alone)."""
    words, starts = list(tokens), list(starts)
    for i in numeric:
        words[i] = words[i].translate(ZEROS)
    runs = [] if folded.isascii() else list(CJK_RUN_RE.finditer(folded))  # (none in ASCII: not searched)
    for run in reversed(runs):
        a, b = bisect_left(starts, run.start()), bisect_left(starts, run.end())
        words[a:b], starts[a:b] = [run.group()], [run.start()]
    cuts = [end for _, end in ends]
    spans = list(zip([0, *cuts], [*cuts, len(folded)]))  # some without a word
    # each sentence's first word (one sentence's end is the next one's start), and the last's end
    firsts = [bisect_left(starts, start) for start, _ in spans] + [len(words)]
    sentences = [(span, words[a:b]) for span, a, b in zip(spans, firsts, firsts[1:]) if a < b]
    return sentences, _clauses_of(folded, spans, firsts, words, starts)


def _clauses_of(folded: str, spans: list, firsts: list[int], words: list[str], starts: list[int]) -> list:
    """[(span, its words)] of the clauses of each sentence (``spans``, whose first words are
    ``firsts``) that has more than one: its parts between commas, and the parts of a long run
    without one (_parts)."""
    # Where clauses end, found in the whole text at once: the same as in each sentence, since
    # a sentence never ends with a comma (where "(?!\d)" would see the sentence's end).
    commas = [m.end() for m in CLAUSE_END_RE.finditer(folded)]
    clauses = []
    for span, a, b in zip(spans, firsts, firsts[1:]):
        inner = commas[bisect_right(commas, span[0]) : bisect_right(commas, span[1])]
        if b - a > LONG_RUN or (a < b and inner):
            cuts = [(span[0], a), *((cut, bisect_left(starts, cut)) for cut in inner), (span[1], b)]
            clauses += _clauses(_parts(cuts, starts), words)
    return clauses


def _parts(cuts: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """A sentence's clause ends (each as its offset and the index of the word after it), with
    each run of more than LONG_RUN words between two cuts in equal parts of at most PART_OF_RUN:
    a message dictated or typed without commas ("okay so um I have this pain in my hip the
    right one that kind of wakes me up ...") is otherwise one sentence, where a disclosure is
    diluted by all the rest."""
    out = cuts[:1]
    for (_, a), cut in pairwise(cuts):
        if cut[1] - a > LONG_RUN:
            count = -(-(cut[1] - a) // PART_OF_RUN)
            firsts = [a + (cut[1] - a) * k // count for k in range(1, count)]
            out += [(starts[i], i) for i in firsts]
        out.append(cut)
    return out


def _clauses(cuts: list[tuple[int, int]], words: list[str]) -> list:
    """[(span, its words)] of the spans between ``cuts`` (each an offset and the index of the
    word after it) that have words, if more than one has."""
    found = [((start, end), words[a:b]) for (start, a), (end, b) in pairwise(cuts) if a < b]
    return found if len(found) > 1 else []


def trimmed(folded: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span without the spaces and punctuation at its edges, for quoting: from its first
    word's first character to its last word's last (found from the end: a sentence ends in a
    few characters that aren't a word's at most)."""
    first = WORD_CHAR_RE.search(folded, *span)
    if first is None:
        return span
    end = span[1]
    while not WORD_CHAR_RE.match(folded, end - 1):
        end -= 1
    return first.start(), end


def pieces(word: str) -> list[str]:
    """The letter n-grams of a word, padded with a space on each side to mark its edges."""
    padded = f" {word} "
    sizes = (1, 2, 3) if SYLLABIC_RE.search(word) else (3, 4, 5)
    return [padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1) if not padded[i : i + n].isspace()]


def joins(a: str, b: str) -> list[str]:
    """The five-letter pieces of "a b" that hold the space between the two words."""
    text = f"{a} {b}"
    return [text[i : i + 5] for i in range(max(0, len(a) - 3), len(a))]


def own(word: str, tag: str | None) -> list[str]:
    """A word's own features: the word, its pieces, its kind. A word's tag depends on the word
    alone (rules.word_tag), so these are the same wherever it appears, and model.py keeps their
    sums between messages (and those of pair())."""
    names = [f"w|{word}"] + [f"c|{piece}" for piece in pieces(word)]
    return names + [f"k|{tag}"] if tag and tag != PERSON else names


def pair(before: str, word: str, before_tag: str | None, tag: str | None) -> list[str]:
    """The features of a word with the one before it (START at a sentence's start)."""
    names = [f"b|{before} {word}"]
    if before != START:
        names += [f"x|{piece}" for piece in joins(before, word)]
    a = f"<{before_tag}>" if before_tag and before_tag != PERSON else before
    b = f"<{tag}>" if tag and tag != PERSON else word
    if "<" in a + b:
        names.append(f"B|{a} {b}")
    return names


def triples(words: list[str]) -> list[str]:
    return [f"t|{a} {b} {c}" for a, b, c in zip([START] + words, words, words[1:])]


def kind_features(tags) -> list[str]:
    """Whether the sentence names a person alongside each kind it holds ("P&drug")."""
    kinds = set(tags) - {None, PERSON}
    who = "P" if PERSON in tags else "N"
    return [f"j|{who}&{kind}" for kind in sorted(kinds)]


def features(words: list[str], tags: list[str | None]) -> list[str]:
    """Every feature of a sentence's words (and their tags), named as the vocabulary names them."""
    names = [name for w, t in zip(words, tags) for name in own(w, t)]
    names += [name for a, w, ta, t in zip([START] + words, words, [None] + tags, tags) for name in pair(a, w, ta, t)]
    return names + triples(words) + kind_features(tags)
