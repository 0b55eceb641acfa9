"""The learned screen: logistic regressions over the features of each sentence (features.py).

``model.json.gz`` holds three models fitted by ``make screening-model`` (tools/train_model.py):
whether a sentence discloses medical details, whether it is urgent, and, for a sentence found
medical, what kind of detail it is. Applying them needs no training library: each feature's
weight is looked up and summed, and the sum divided by the square root of the number of
features, so a score does not grow with length alone. Each sentence is scored, and each pair
of neighbouring sentences, so a disclosure split in two ("My mother. Hip replaced in May.") is
still seen whole.

A word's own features and those of a pair of neighbouring words are the same wherever they
appear, so their sums are kept: a long message costs little more than its new words.
"""

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .features import START, features, joins, pieces, sentences, tag_features, tokens, trimmed

MODEL_FILE = files(__package__).joinpath("model.json.gz")
CACHED = 1 << 16  # words, and pairs of words, whose sums are kept


@dataclass(frozen=True)
class Score:
    start: int  # span in the folded text
    end: int
    medical: float  # log-odds that the span discloses medical details, less the threshold
    urgent: float  # the same, for urgent


class Model:
    def __init__(self, data: dict):
        self.meta = data["meta"]
        medical, urgent = data["medical"], data["urgent"]
        self.bias = (medical["bias"] - medical["threshold"], urgent["bias"] - urgent["threshold"])
        # How sure of "medical" the model must be for a finding of a less precise rule in the
        # sentence to stand: for most rules, and for urgent phrases (relative to the threshold,
        # as Score.medical is).
        self.gated_rules = frozenset(medical["gated_rules"])
        self.rule_gate = (
            medical["rule_threshold"] - medical["threshold"],
            medical["urgent_rule_threshold"] - medical["threshold"],
        )
        # The urgent model's threshold for a message refused anyway, relative to its own.
        self.urgent_if_refused = urgent["refused_threshold"] - urgent["threshold"]
        self.weights = {name: tuple(w) for name, w in data["features"].items()}
        self.category_names = data["categories"]["classes"]
        self.category_bias = data["categories"]["bias"]
        self.category_weights = data["categories"]["features"]
        # A word's own features and a pair's are the same wherever they appear: their sums
        # are kept, up to CACHED of each.
        self._word_cache: dict[str, tuple] = {}
        self._pair_cache: dict[str, tuple] = {}

    def _sum(self, names: list[str]) -> tuple[float, float, int]:
        medical = urgent = 0.0
        for name in names:
            weights = self.weights.get(name)
            if weights:
                medical += weights[0]
                urgent += weights[1]
        return medical, urgent, len(names)

    def _word_sums(self, word: str) -> tuple[float, float, int]:
        if len(self._word_cache) >= CACHED:
            self._word_cache.clear()
        found = self._word_cache[word] = self._sum([f"w|{word}"] + [f"c|{p}" for p in pieces(word)])
        return found

    def _pair_sums(self, pair: str, a: str, b: str) -> tuple[float, float, int]:
        if len(self._pair_cache) >= CACHED:
            self._pair_cache.clear()
        names = [f"b|{pair}"] + ([f"x|{p}" for p in joins(a, b)] if a != START else [])
        found = self._pair_cache[pair] = self._sum(names)
        return found

    def _sentence_sums(self, words: list[str], tags: list) -> tuple[float, float, int]:
        """The same sums as over features(words, tags), from the cached parts."""
        medical, urgent, count = self._sum(tag_features(words, tags))
        weights, word_cache, pair_cache = self.weights, self._word_cache, self._pair_cache
        before2, before = None, START
        for word in words:
            own = word_cache.get(word) or self._word_sums(word)
            pair = f"{before} {word}"
            with_before = pair_cache.get(pair) or self._pair_sums(pair, before, word)
            medical += own[0] + with_before[0]
            urgent += own[1] + with_before[1]
            count += own[2] + with_before[2]
            if before2 is not None:
                count += 1
                triple = weights.get(f"t|{before2} {pair}")
                if triple:
                    medical += triple[0]
                    urgent += triple[1]
            before2, before = before, word
        return medical, urgent, count

    def _score(self, start: int, end: int, sums: tuple[float, float, int]) -> Score:
        medical, urgent, count = sums
        scale = 1 / math.sqrt(count)
        return Score(start, end, self.bias[0] + medical * scale, self.bias[1] + urgent * scale)

    def scores(self, folded: str, tags: dict) -> list[Score]:
        """A score for each sentence of a folded text and for each pair of neighbours.
        ``tags`` maps a token's offset to what the lexicons know of it (rules.Message.tags)."""
        spans = sentences(folded)
        sums = []
        for a, b in spans:
            found = tokens(folded, a, b)
            sums.append(self._sentence_sums([w for _, w in found], [tags.get(o) for o, _ in found]))
        out = [self._score(a, b, s) for (a, b), s in zip(spans, sums)]
        for (a, _), (_, b), s, t in zip(spans, spans[1:], sums, sums[1:]):
            out.append(self._score(a, b, (s[0] + t[0], s[1] + t[1], s[2] + t[2])))
        return out

    def category(self, folded: str, start: int, end: int, tags: dict) -> str:
        """The most likely kind of medical detail in a span the model found medical."""
        found = tokens(folded, start, end)
        names = features([w for _, w in found], [tags.get(o) for o, _ in found])
        totals = list(self.category_bias)
        scale = 1 / math.sqrt(len(names))
        for name in names:
            for index, weight in self.category_weights.get(name, ()):
                totals[index] += weight * scale
        return self.category_names[max(range(len(totals)), key=totals.__getitem__)]


def untaken(folded: str, scores: list[Score], taken: list) -> list[tuple[int, int]]:
    """The spans of scored sentences (then pairs of them) that overlap nothing found before."""
    out: list[tuple[int, int]] = []
    for score in scores:  # sentences first, then pairs
        if not any(s < score.end and score.start < e for _, s, e in taken) and not any(
            s < score.end and score.start < e for s, e in out
        ):
            out.append(trimmed(folded, (score.start, score.end)))
    return out


@cache
def load_model() -> Model:
    with MODEL_FILE.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return Model(json.load(text))
