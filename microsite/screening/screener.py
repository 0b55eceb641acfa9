"""Screening a message: rules, identifiers, the urgent check and the learned model together.

A message is refused when any of them finds medical content:
- an identifier pattern (precise on its own);
- a rule; for the kinds of rule that were less often right on the training corpus (symptoms,
  feelings, doses, pregnancy, medicines not named ("my medications"); urgent phrases also found
  in its ok messages), only where the model agrees at least a little that the sentence is
  medical: the rules read words, not meaning, so "that bill gave me a heart attack" is theirs
  to find and the model's to overrule (but a pain or a pregnancy stated with its person in
  another language, rules.STATED, stands alone);
- the model alone, on a sentence (or clause, or pair of sentences) where nothing else found
  anything: the finding quotes what it scored;
- the urgent check (urgent.py), which asks less of a message refused for another reason.
Every excerpt is the text exactly as written, even where folding changed it (normalise.py).
"""

from dataclasses import dataclass

from . import identifiers, rules, urgent
from .lexicon import load_lexicons
from .model import Disjoint, Model, Scores, load_model, untaken
from .normalise import Folded, fold


@dataclass(frozen=True)
class Finding:
    category: str
    excerpt: str
    start: int = 0
    end: int = 0


# Lower comes first when findings overlap; urgent findings also lead the list.
PRIORITY = {
    "urgent": 0,
    "identifier": 1,
    "advice_request": 2,
    "pregnancy": 3,
    "stated_pregnancy": 3,
    "mental_health": 4,
    "injury": 5,
    "test_result": 6,
    "procedure": 7,
    "dose": 8,
    "medication": 8,
    rules.GENERIC_MEDICINE: 8,
    "condition": 9,
    "symptom": 10,
    "stated_symptom": 10,
}

# the rules' own categories, as findings report them
REPORTED_AS = {rules.GENERIC_MEDICINE: "medication", **rules.STATED}


@dataclass
class Analysis:
    """What each part of the screen makes of a message, before they are combined."""

    folded: Folded
    message: rules.Message
    scores: Scores
    rules: list  # the rules' findings, (category, start, end) in the folded text, and the urgent
    # phrases (and leg weakness) that need the model's support: urgent.phrases
    support: list  # for each, the highest medical score of a span holding it (Scores.support)
    standing: list  # urgent phrases that need no support (urgent.phrases)

    def supported(self, model: Model) -> list[rules.Span]:
        return self.standing + [
            span
            for span, support in zip(self.rules, self.support)
            if span[0] not in model.gated_rules or support >= model.rule_gate[span[0] == "urgent"]
        ]


def analyse(text: str, model: Model) -> Analysis:
    folded = fold(text or "")
    msg = rules.Message(folded, load_lexicons())
    scores = model.scores(msg)
    standing, gated = urgent.phrases(msg, model.figurative)
    found = rules.findings(msg) + gated
    support = scores.support([start for _, start, _ in found])
    return Analysis(folded, msg, scores, found, support, standing)


def screen(text: str, model: Model | None = None) -> list[Finding]:
    """Findings of personal health information in ``text``; an empty list means it may be sent.
    ``model`` replaces the shipped model (for training and measuring only)."""
    model = model or load_model()
    found = analyse(text, model)
    raw = found.supported(model) + identifiers.numbers(found.message)
    # The urgent model alone refuses a message only if it is surer, the more sentences the
    # message has (each one more chance of a false alarm). A message refused anyway is marked
    # urgent on less evidence: its writer must rewrite it all the same, and the advice to get
    # help costs a few lines (train_model.Outcome.marked_urgent decides the same way).
    scores = found.scores.all()
    floor = model.urgent_rise(len(found.scores.sentences))
    if raw or any(s.medical >= 0 for s in scores):
        floor = min(floor, model.urgent_if_refused)
    raw += urgent.from_scores(found.folded.text, scores, [f for f in raw if f[0] == "urgent"], floor)
    raw += _model_findings(model, found.folded.text, scores, raw)
    if raw:
        raw += identifiers.birth_dates(found.message)
    return _deduplicate(found.folded, raw)


def _model_findings(model: Model, folded: str, scores: list, taken: list) -> list[rules.Span]:
    """The spans (sentences, clauses, pairs) of ``scores`` found medical where nothing else found anything."""
    spans = untaken(folded, [s for s in scores if s.medical >= 0], taken)
    return [(model.category(score), start, end) for (start, end), score in spans]


def _deduplicate(folded: Folded, raw: list[rules.Span]) -> list[Finding]:
    accepted: list[rules.Span] = []
    kept = Disjoint()
    for category, start, end in sorted(raw, key=lambda f: (PRIORITY[f[0]], f[1] - f[2], f[1])):
        if not kept.overlaps(start, end):
            accepted.append((category, start, end))
            kept.add(start, end)
    accepted.sort(key=lambda f: (f[0] != "urgent", f[1]))
    return [
        Finding(REPORTED_AS.get(category, category), folded.excerpt(start, end), *folded.span(start, end))
        for category, start, end in accepted
    ]
