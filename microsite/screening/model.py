"""The learned screen: logistic regressions over the features of each sentence (features.py).

``model.json.gz`` holds three models fitted by ``make screening-model`` (tools/train_model.py):
whether a sentence discloses medical details, whether it is urgent, and, for a sentence found
medical, what kind of detail it is. Applying them needs no training library: each feature's
weight is looked up and summed, and the sum divided by the square root of the number of
features; a span's length is weighed on its own, but only up to that of a sentence of about 20
words, so that a long ordinary sentence is not read as medical for its length. Each sentence is
scored, and each pair of neighbouring sentences, so a disclosure split in two ("My mother. Hip
replaced in May.") is still seen whole; and each clause of a sentence joined with commas, so a
detail between two requests ("can I come friday, my knees are shot, is there parking") is not
diluted by them, and each part of a long run of words without a comma (features._parts). Each
span is one more chance of a false alarm, so a message's medical threshold rises with the
logarithm of its number of sentences.

All a word brings to a sentence (its own features, those of the pair it makes with the word
before it, and its tag) is the same wherever the pair appears, since tags depend on the word
alone: these sums are kept, with the weights of the triples the pair starts, and a message is
scored with a few map() calls over all its words and a few steps a sentence. A long message
costs little more than its new words.
"""

import gzip
import json
import math
from bisect import bisect_left, bisect_right, insort
from functools import cache
from importlib.resources import files
from itertools import accumulate, chain, repeat
from operator import itemgetter
from typing import NamedTuple

from .features import PERSON, START, kind_features, own, pair, trimmed
from .rules import Message, word_tag

MODEL_FILE = files(__package__).joinpath("model.json.gz")
# The most entries each of the model's kept sums holds (by word, by pair of words, by pair for
# the category model, by set of kinds): some 100 MB a worker if all were full, which takes tens
# of thousands of messages. The 16,000 that benchmarks/screening.py times meet more pairs than
# that: there the sums by pair are emptied several times a run.
CACHED = 1 << 17
# of a part (Model._part; the first three also of _category_part)
_WEIGHT, _COUNT, _TAG, _THIRDS = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
_KINDLESS = {None, PERSON}  # tags that make no kind_features
_NO_TRIPLES: dict = {}
_NOTHING = (0j, 0, None, _NO_TRIPLES)  # what START brings after a word (Model._part)


class Score(NamedTuple):
    start: int  # span in the folded text
    end: int
    medical: float  # log-odds that the span discloses medical details, less the message's threshold
    # The same for urgent, less the single sentence's threshold: the urgent rise applies only
    # where nothing else refuses the message (Model.urgent_rise, screener.screen).
    urgent: float
    words: tuple = ()  # the words of each sentence in the span, for the category model


class Scores(NamedTuple):
    """A message's scores: by sentence (in order), by clause (of a sentence with several, in
    order: between commas, or a part of a long run, features.sentence_words) and by pair of
    neighbouring sentences (the pair of sentences i and i + 1 at i)."""

    sentences: list[Score]
    clauses: list[Score]
    pairs: list[Score]

    def all(self) -> list[Score]:
        """Every score, in the order findings quote them: sentences, then clauses, then pairs."""
        return self.sentences + self.clauses + self.pairs

    def support(self, offsets: list[int]) -> list[float]:
        """For each offset, the highest medical score of a span holding it: only its sentence,
        the two pairs around it and its clause can."""
        sentence_starts = [s.start for s in self.sentences]
        clause_starts = [s.start for s in self.clauses]
        out = []
        for offset in offsets:
            i = bisect_right(sentence_starts, offset) - 1
            k = bisect_right(clause_starts, offset) - 1
            near = self.sentences[i : i + 1] + self.pairs[max(i - 1, 0) : i + 1] if i >= 0 else []
            near += self.clauses[k : k + 1] if k >= 0 else []
            out.append(max((s.medical for s in near if s.start <= offset < s.end), default=-99.0))
        return out


class Model:
    def __init__(self, data: dict):
        self.meta = data["meta"]
        medical, urgent = data["medical"], data["urgent"]
        self.bias = (medical["bias"] - medical["threshold"], urgent["bias"] - urgent["threshold"])
        # How sure of "medical" the model must be for a finding of a less precise rule in the
        # sentence to stand: for most rules, and for leg weakness and the urgent phrases that
        # are ``figurative`` (relative to the message's threshold, as Score.medical is).
        self.gated_rules = frozenset(medical["gated_rules"])
        # The more sentences, the more spans scored, each one more chance of a false alarm
        # (threshold_rise; train_model.SETTINGS["threshold_per_log_sentence"]).
        self._per_log_sentence = medical["threshold_per_log_sentence"]
        self.rule_gate = (
            medical["rule_threshold"] - medical["threshold"],
            medical["urgent_rule_threshold"] - medical["threshold"],
        )
        # what a span's length adds to its scores, up to a cap (train_model.SETTINGS["length_cap"])
        self.length_weights = complex(*data["length"]["weights"])
        self.length_cap = data["length"]["cap"]
        self._root_of_cap = math.sqrt(self.length_cap)
        # the urgent phrases training found in ok messages too (urgent.phrases)
        self.figurative = frozenset(urgent["figurative_phrases"])
        # The urgent model's threshold for a message refused anyway, relative to its own; for one
        # that is not, it rises with the number of sentences (urgent_rise).
        self.urgent_if_refused = urgent["refused_threshold"] - urgent["threshold"]
        self._urgent_per_log_sentence = urgent["threshold_per_log_sentence"]
        # each feature's two weights as one complex number, medical + urgent * 1j, so that one
        # sum adds both (and a number takes a third of the memory of a pair of them)
        self.weights = {name: complex(*w) for name, w in data["features"].items()}
        # triples by their first two words, then their third: a pair's part (_part) holds the
        # triples it starts, so that a message's are looked up in small dicts by one map() (_sums)
        self.triples: dict[tuple[str, str], dict[str, complex]] = {}
        for name, w in self.weights.items():
            if name.startswith("t|"):
                a, b, c = name[2:].split(" ")
                self.triples.setdefault((a, b), {})[c] = w
        self.category_names = data["categories"]["classes"]
        self.category_bias = data["categories"]["bias"]
        self.category_weights = data["categories"]["features"]
        self.category_triples = {
            tuple(name[2:].split(" ")): w for name, w in self.category_weights.items() if name.startswith("t|")
        }
        # What a word brings to a sentence (features.own and features.pair) depends only on the
        # word and the one before it: the sums are kept by (before, word), and a word's own by
        # word, so that a new pair of known words costs a few look-ups (up to CACHED of each).
        self._parts: dict[tuple[str, str], tuple[complex, int, str | None, dict]] = {}
        self._words: dict[str, tuple[complex, int]] = {}
        self._category_parts: dict[tuple[str, str], tuple] = {}
        # the weight of a set of kinds' kind_features (a sentence's tags), kept by the set
        self._kinds: dict[frozenset, tuple[complex, int]] = {}

    def _category_sum(self, names: list[str]) -> list[float]:
        totals = [0.0] * len(self.category_names)
        for name in names:
            for index, weight in self.category_weights.get(name, ()):
                totals[index] += weight
        return totals

    def _weight(self, names: list[str]) -> tuple[complex, int]:
        """The weights of the names the model knows, summed (medical + urgent * 1j), and the
        number of names."""
        return sum(filter(None, map(self.weights.get, names)), 0j), len(names)

    def _part(self, key: tuple[str, str]) -> tuple[complex, int, str | None, dict]:
        """What a word brings to a sentence: the weight and number of its own features (kept by
        word) and of the pair it makes with the word before it, the word's tag, and the weights
        of the triples the pair starts, by their third word; nothing when the word is START."""
        before, word = key
        if word == START:
            return self._keep(self._parts, key, _NOTHING)
        own = self._words.get(word) or self._keep(self._words, word, self._weight(_own(word)))
        with_before = self._weight(_pair(before, word))
        part = (own[0] + with_before[0], own[1] + with_before[1], word_tag(word), self.triples.get(key, _NO_TRIPLES))
        return self._keep(self._parts, key, part)

    @staticmethod
    def _keep(cache: dict, key, value):
        """Keep a value in a cache of at most CACHED entries."""
        if len(cache) >= CACHED:
            cache.clear()
        cache[key] = value
        return value

    def _sentence_sums(self, words: list[str]) -> tuple[float, float, int]:
        return self._sums([words])[0]

    def _sums(self, sentences: list[list[str]], clauses: list[tuple[int, int, int]] = ()) -> list[tuple]:
        """For each sentence, then each clause, the same sums as over features(words, tags), from
        the kept parts. All sentences are laid end to end, each after a START, so that a few
        map() calls over the whole message do the look-ups, and running totals give each
        sentence's share. A clause ((its sentence, its first word's index there, its number of
        words): _clause_places) takes its share of its sentence's, but at its first word: there
        the clause starts afresh, after START (the sums may then differ from those of the
        clause alone in the last bits, by the order of the additions)."""
        seq, bounds = [START], [0]
        for words in sentences:
            seq += words
            seq.append(START)
            bounds.append(len(seq) - 1)
        # parts[i]: what seq[i + 1] brings after seq[i] (a word then START brings nothing)
        parts = list(map(self._parts.get, zip(seq, seq[1:])))
        if None in parts:
            parts = [found or self._part(key) for found, key in zip(parts, zip(seq, seq[1:]))]
        # triples[i]: the weight of the triples from seq[0] to seq[i - 1] (none with START
        # second or third is a feature)
        found = map(dict.get, map(_THIRDS, parts), seq[2:] + [START], repeat(0j))
        running = _Running(
            list(accumulate(map(_WEIGHT, parts), initial=0j)),
            list(accumulate(map(_COUNT, parts), initial=0)),
            list(accumulate(found, initial=0j)),
            list(map(_TAG, parts)),
        )
        out = [self._with_kinds(*running.sentence(a, b)) for a, b in zip(bounds, bounds[1:])]
        for sentence, first, size in clauses:
            x = bounds[sentence] + 1 + first  # its first word
            start = self._parts.get((START, seq[x])) or self._part((START, seq[x]))
            triple = _THIRDS(start).get(seq[x + 1] if size > 1 else START, 0j)
            out.append(self._with_kinds(*running.clause(x, x + size - 1, start, triple)))
        return out

    def _with_kinds(self, total: complex, count: int, tags: list) -> tuple[float, float, int]:
        """Sums with the kind features of a span's ``tags`` (their weight kept by kind set)."""
        kinds = frozenset(tags)
        if not kinds <= _KINDLESS:
            extra = self._kinds.get(kinds) or self._keep(self._kinds, kinds, self._weight(kind_features(kinds)))
            total, count = total + extra[0], count + extra[1]
        return total.real, total.imag, count

    def threshold_rise(self, sentence_count: int) -> float:
        """How much higher the medical threshold is for a message of ``sentence_count`` sentences
        than for one of a single sentence."""
        return _rise(self._per_log_sentence, sentence_count)

    def urgent_rise(self, sentence_count: int) -> float:
        """How much higher the urgent model's threshold is for a message of ``sentence_count``
        sentences that nothing else refuses than for one of a single sentence."""
        return _rise(self._urgent_per_log_sentence, sentence_count)

    def _scored(self, spans: list, sums: list, words: list, sentence_count: int) -> list[Score]:
        """A Score for each span of a message of ``sentence_count`` sentences, from its sums
        (_sums), with its words (for the category model)."""
        medical_bias, urgent_bias = self.bias
        medical_bias -= self.threshold_rise(sentence_count)
        out = []
        for (start, end), (medical, urgent, count), found in zip(spans, sums, words):
            root = math.sqrt(count)
            scale, length = 1 / root, self.length_weights * min(root, self._root_of_cap)
            out.append(
                Score(
                    start,
                    end,
                    medical_bias + medical * scale + length.real,
                    urgent_bias + urgent * scale + length.imag,
                    found,
                )
            )
        return out

    def scores(self, message: Message) -> "Scores":
        """A score for each sentence of a message, each clause of a sentence with several, and
        each pair of neighbouring sentences."""
        sentences, clauses = message.sentence_words()
        units = sentences + clauses
        sums = self._sums([words for _, words in sentences], _clause_places(sentences, clauses))
        # each pair of neighbouring sentences: their sums added
        sums += [(s[0] + t[0], s[1] + t[1], s[2] + t[2]) for s, t in zip(sums, sums[1 : len(sentences)])]
        spans = [span for span, _ in units] + [(x[0], y[1]) for (x, _), (y, _) in zip(sentences, sentences[1:])]
        words = [(found,) for _, found in units] + [(x, y) for (_, x), (_, y) in zip(sentences, sentences[1:])]
        scored = self._scored(spans, sums, words, len(sentences))
        return Scores(scored[: len(sentences)], scored[len(sentences) : len(units)], scored[len(units) :])

    def _category_part(self, key: tuple[str, str]) -> tuple[list[float], int, str | None]:
        """The category model's sums of what a word brings to a sentence, and its tag, as _part."""
        found = self._category_parts.get(key)
        if found is None:
            before, word = key
            names = (_own(word) + _pair(before, word)) if word != START else []
            part = (self._category_sum(names), len(names), word_tag(word) if word != START else None)
            found = self._keep(self._category_parts, key, part)
        return found

    def _category_rest(self, words: list[str], tags: set) -> tuple[list[float], int]:
        """The category model's sums of a sentence's triples and kind features (of its words'
        ``tags``), as _category_sum of their names (the triples looked up by their words)."""
        found = list(zip([START] + words, words, words[1:]))
        kinds = kind_features(tags)
        of_triples = map(self.category_triples.get, found, repeat(()))
        of_kinds = map(self.category_weights.get, kinds, repeat(()))
        totals = [0.0] * len(self.category_names)
        for entries in chain(of_triples, of_kinds):
            for index, weight in entries:
                totals[index] += weight
        return totals, len(found) + len(kinds)

    def category(self, score: Score) -> str:
        """The most likely kind of medical detail in a span the model found medical: the
        category model's sums, from kept parts as in _sentence_sums."""
        found = []
        for words in score.words:
            keys = list(zip([START] + words, words))
            parts = [part or self._category_part(key) for part, key in zip(map(self._category_parts.get, keys), keys)]
            found += parts
            found.append(self._category_rest(words, set(map(_TAG, parts))))
        totals = [sum(column) for column in zip(*map(_WEIGHT, found))]
        count = sum(map(_COUNT, found))
        scale = 1 / math.sqrt(count)
        totals = [bias + total * scale for bias, total in zip(self.category_bias, totals)]
        return self.category_names[max(range(len(totals)), key=totals.__getitem__)]


def _rise(per_log_sentence: float, sentence_count: int) -> float:
    return per_log_sentence * math.log(max(sentence_count, 1))


def _own(word: str) -> list[str]:
    return own(word, word_tag(word))


def _pair(before: str, word: str) -> list[str]:
    return pair(before, word, word_tag(before) if before != START else None, word_tag(word))


class _Running(NamedTuple):
    """Running totals over a message's sentences laid end to end (Model._sums, its ``seq``):
    weights[i] and counts[i] sum parts[:i], triples[i] the triples from seq[:i]; tags[i] is the
    tag of seq[i + 1]."""

    weights: list
    counts: list
    triples: list
    tags: list

    def sentence(self, a: int, b: int) -> tuple[complex, int, list]:
        """The total, count and tags of the words between the STARTs at a and b."""
        total = self.weights[b] - self.weights[a] + self.triples[b] - self.triples[a]
        return total, self.counts[b] - self.counts[a] + max(b - a - 2, 0), self.tags[a : b - 1]  # b - a - 2 triples

    def clause(self, x: int, y: int, start: tuple, triple: complex) -> tuple[complex, int, list]:
        """The same for the words from x to y, with ``start`` (the first word's part after START)
        and ``triple`` (the triple START, first word, second word) at their start."""
        within = self.weights[y] - self.weights[x] + self.triples[max(y - 1, x)] - self.triples[x]
        return start[0] + triple + within, start[1] + self.counts[y] - self.counts[x] + y - x, self.tags[x - 1 : y]


def _clause_places(sentences: list, clauses: list) -> list[tuple[int, int, int]]:
    """Each clause's sentence, the index of its first word in it, and its number of words. The
    clauses of a sentence hold its words, in order (features.sentence_words): they are counted."""
    out, sentence, first = [], 0, 0
    for (start, _), words in clauses:
        while sentences[sentence][0][1] <= start:  # the clause comes after this sentence
            sentence, first = sentence + 1, 0
        out.append((sentence, first, len(words)))
        first += len(words)
    return out


def untaken(folded: str, scores: list[Score], taken: list) -> list[tuple[tuple[int, int], Score]]:
    """The scored sentences (then pairs of them) that overlap nothing found before, each with its
    span trimmed for quoting."""
    spans = sorted((start, end) for _, start, end in taken)
    starts = [start for start, _ in spans]
    reach = list(accumulate((end for _, end in spans), max))  # reach[k]: the furthest end of spans[: k + 1]
    out: list[tuple[tuple[int, int], Score]] = []
    kept = Disjoint()
    for score in scores:  # sentences first, then pairs
        before = bisect_left(starts, score.end)  # the spans that start before the score's end
        if before and reach[before - 1] > score.start:
            continue  # one of them ends after its start
        if not kept.overlaps(score.start, score.end):
            out.append((trimmed(folded, (score.start, score.end)), score))
            kept.add(*out[-1][0])
    return out


class Disjoint:
    """Spans that overlap none of the others, none empty (a score's and a finding's hold a word),
    in order: their ends are in order too, so whether a span overlaps one of them is a bisection."""

    def __init__(self):
        self.spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self.spans, (end,))  # the spans that start before ``end``
        return before > 0 and self.spans[before - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self.spans, (start, end))


@cache
def load_model() -> Model:
    with MODEL_FILE.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return Model(json.load(text))
