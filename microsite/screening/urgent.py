"""Urgent messages, in any words: the form tells these writers how to get help now.

Tuned for recall, since a missed urgent message can cost a life. A message is urgent when any
of these finds it: a phrase from lexicons/urgent.txt (thoughts of suicide or self-harm, chest
pain, loss of bladder or bowel control, an overdose or poisoning, trouble breathing, too sleepy
to stay awake, vomiting blood, and, beyond the policy's list, bleeding that won't stop and a bone
through the skin; in English, Spanish and the other languages patients write in),
sudden weakness or numbness in the legs, or the learned urgent model on any sentence.

A phrase written as in the lexicon stands on its own, however short the message ("quiero
matarme"), unless the training corpus has it in an ``ok`` message too, as a figure of speech
("that bill gave me a heart attack") or a topic ("suicide prevention training"). Such a phrase,
one matched as a misspelling or another form of a word ("suicidios"), and leg weakness stand
only where the learned model agrees a little that the sentence is medical (screener.py).
"""

from .model import untaken
from .rules import Message, Span

LEG_WORDS = {"legs", "leg", "feet", "piernas"}
LEG_WEAKNESS = {
    "numb",
    "numbness",
    "weak",
    "weakness",
    "dead",
    "paralyzed",
    "gave",
    "give",
    "collapsed",
    "entumecidas",
    "debiles",
    "dormidas",
}
LEG_SUDDEN = {"both", "sudden", "suddenly", "ambas", "de", "repente"}


def phrases(msg: Message, figurative: frozenset) -> tuple[list[Span], list[Span]]:
    """Urgent phrases from the lexicon (not in a general question) and sudden leg weakness: those
    that stand on their own, and those that need the model's support (the ``figurative``
    phrases, named as by exact_phrases, those not written as in the lexicon, and leg
    weakness)."""
    standing, gated = [], []
    for name, span in _lexicon_phrases(msg):
        (standing if name in msg.lex.urgent_phrases and name not in figurative else gated).append(span)
    if not msg.wordset.isdisjoint(LEG_WORDS):
        gated += _leg_weakness(msg)
    return standing, gated


def exact_phrases(msg: Message) -> frozenset:
    """The urgent phrases in a message written as in the lexicon (those that may stand on their
    own), each named by its words: training records those found in ok messages
    (Model.figurative), which then need the model's support."""
    return frozenset(name for name, _ in _lexicon_phrases(msg) if name in msg.lex.urgent_phrases)


def _lexicon_phrases(msg: Message) -> list[tuple[str, Span]]:
    return [
        (" ".join(msg.words[term.start : term.end]), msg.span("urgent", term.start, term.end - 1))
        for term in msg.terms
        if "urgent" in term.kinds and not msg.general_question(term.start)
    ]


def from_scores(folded: str, scores, found: list[Span], floor: float = 0.0) -> list[Span]:
    """The sentences the urgent model scores at least ``floor`` (relative to its threshold),
    where no urgent phrase was ``found``."""
    urgent = [s for s in scores if s.urgent >= floor]
    return [("urgent", start, end) for (start, end), _ in untaken(folded, urgent, found)]


def _leg_weakness(msg: Message) -> list[Span]:
    """Sudden weakness or numbness in both legs: legs, weakness and "both"/"sudden" together."""
    words = msg.words
    out = []
    for i, word in enumerate(words):
        if word not in LEG_WORDS:
            continue
        same = [k for k in range(max(0, i - 8), min(len(words), i + 9)) if msg.same_sentence(k, i)]
        weak = [k for k in same if words[k] in LEG_WEAKNESS]
        sudden = [k for k in same if words[k] in LEG_SUDDEN]
        if weak and sudden and (words[i] != "leg" or words[sudden[0]] != "both"):
            involved = weak + sudden + [i]
            out.append(msg.span("urgent", min(involved), max(involved)))
    return out
