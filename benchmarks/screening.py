"""Measure the medical-content screening on labelled messages.

    python benchmarks/screening.py                   dev and extra (.jsonl)
    python benchmarks/screening.py FILE.jsonl ...    any labelled files
    python benchmarks/screening.py --held-out        also the held-out sets (HELD_OUT): only
                                                     when a design is done, only their totals
    python benchmarks/screening.py --cross-source    also: train without each source, test on it
                                                     (needs scikit-learn; about 30 minutes)
    python benchmarks/screening.py --errors          also list every misclassified message

For each file: precision, recall and F1 for "medical", the false-positive rate on "ok", urgent
messages marked urgent, the same per language and per category (not for the held-out sets: what
is read of one guides the next change, and then it is no longer a set nobody tuned to); then the
time per message and for 2,000-character messages (the first time their words are met, and
once they have been), made from dev, extra and the retired held-out sets, with the lexicons and
the model loaded once, as in gunicorn's master.
"""

import argparse
import collections
import json
import statistics
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microsite.screening import screen  # noqa: E402  (needs the repository on sys.path)
from microsite.screening.lexicon import load_lexicons  # noqa: E402
from microsite.screening.model import load_model  # noqa: E402

DATA = ROOT / "data" / "screening"
DEFAULT = [DATA / "dev.jsonl", DATA / "extra.jsonl"]
HELD_OUT = [DATA / f"blind-{n}.jsonl" for n in (28, 30, 33, 42, 43)]
# the messages timed: the same whatever is measured, so that runs of one session compare (a set
# retired joins them; the reference loop that timing() prints says how fast the machine is)
TIMED = [*DEFAULT, *sorted((DATA / "corpus").glob("retired-blind-*.jsonl"))]
# Sources left out in turn by --cross-source: corpus files grouped by who wrote them.
SOURCE_GROUPS = {
    "public: consumer health questions (LiveQA, MEDIQA)": ["public-1"],
    "public: clinicians' questions and booking turns (MEDIQA, SGD)": ["public-2"],
    "public: assistant queries (CLINC150)": ["public-3"],
    # the retired held-out sets: their writers were given only the policy
    "written: given only the policy": ["retired-blind-"],
    "written: English": [
        "written-1-",
        "written-2-",
        "written-4-",
        "written-11-",
        "written-12-",
        "written-14-",
        "written-15-",
        "written-16-",
        "written-25-",
        "written-29-",
        "written-30-",  # a third of it Spanish
        "written-37-",
        "written-40-",
        "written-45-",  # a third of it in Spanish and six other languages
        "written-48-",
        "written-51-",
        "written-53-",  # a quarter of it Spanish
        "written-57-",  # a third of it Spanish; urgent a quarter, as in written-55, but most of it everyday health
        "written-59-",  # two-fifths of it Spanish
        "written-61-",  # long messages
        "written-63-",  # a quarter of it Spanish, a fifth in eight other languages
        "written-64-",  # long messages, most of them one or two run-on sentences
        "written-66-",  # a quarter of it Spanish, a quarter in six other languages
        "written-67-",  # long messages
        "written-71-",  # a quarter of it Spanish, a quarter in six other languages; half of it long
        "written-74-",  # a quarter of it Spanish, a quarter in six other languages; half of it long
        "written-75-",  # a sixth of it Spanish, a sixth in four other languages; half of it long
        "written-79-",  # a sixth of it Spanish, a fifth in seven other languages; three-fifths long
        "written-80-",  # a sixth of it Spanish, a fifth in seven other languages; half of it long
        "written-81-",  # over a quarter of it Spanish, a quarter in eight other languages; half of it long
        "written-82-",  # a quarter of it Spanish, two-fifths in ten other languages; a third of it long
        "written-84-",  # a quarter of it Spanish, a third in ten other languages; a third of it long
        "written-87-",  # a quarter of it Spanish, a quarter in nine other languages; over a third of it long
        "written-88-",  # a quarter of it Spanish, a third in eight other languages; over a quarter of it long
    ],
    # written-23, 24 and 38 are in ten to twelve languages, English one of them
    "written: urgent and near misses": [
        "written-3-",
        "written-17-",
        "written-22-",
        "written-23-",
        "written-24-",
        "written-27-",
        "written-38-",
        "written-46-",
        "written-47-",
        "written-55-",  # a third of it Spanish
        "written-72-",  # a sixth of it Spanish, half in thirteen other languages
        "written-77-",  # an eighth of it Spanish, two-thirds in eleven other languages
        "written-83-",  # a quarter of it Spanish, a quarter in five other languages
        "written-85-",  # a fifth of it Spanish, three-fifths in ten other languages
        "written-86-",  # a third of it Spanish, a sixth in four other languages
    ],
    # written-26 is two-thirds Spanish, the rest Portuguese and French; written-62 three-fifths,
    # the rest in six other languages, all of it long messages
    "written: Spanish": [
        "written-5-",
        "written-13-",
        "written-18-",
        "written-26-",
        "written-33-",
        "written-62-",
        "written-69-",  # long messages
    ],
    "written: other languages": [
        "written-6-",
        "written-7-",
        "written-8-",
        "written-9-",
        "written-10-",
        "written-19-",
        "written-20-",
        "written-21-",
        "written-28-",
        "written-31-",
        "written-32-",
        "written-34-",
        "written-35-",
        "written-36-",
        "written-39-",
        "written-41-",
        "written-42-",
        "written-43-",
        "written-44-",
        "written-49-",
        "written-50-",
        "written-52-",
        "written-54-",
        "written-56-",  # nearly half of it English
        "written-58-",
        "written-60-",
        "written-65-",  # long messages, three-eighths of them Spanish
        "written-68-",  # long messages
        "written-70-",
        "written-73-",  # short messages; a quarter English, a sixth Spanish
        "written-76-",
        "written-78-",
        "written-89-",  # two-fifths of it English, a seventh Spanish, the rest in ten other languages
        "written-90-",  # three-tenths of it English, an eighth Spanish, the rest in fifteen other languages
        "written-91-",  # nearly half of it English, a seventh Spanish, the rest in twenty-one other languages
        "written-92-",  # nearly half of it English, a seventh Spanish, the rest in eleven other languages
        "written-93-",  # three-tenths of it English, over a quarter Spanish, the rest in eleven other languages
    ],
}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


class Tally:
    def __init__(self):
        self.tp = self.fn = self.fp = self.tn = self.urgent = self.urgent_marked = 0
        self.other_marked = 0  # medical messages that are not urgent, marked urgent

    def add(self, medical: bool, flagged: bool, urgent: bool, marked: bool) -> None:
        self.tp += medical and flagged
        self.fn += medical and not flagged
        self.fp += flagged and not medical
        self.tn += not flagged and not medical
        self.urgent += urgent
        self.urgent_marked += urgent and marked
        self.other_marked += medical and not urgent and marked

    def line(self) -> str:
        parts = []
        if self.tp + self.fn:
            parts.append(f"recall {ratio(self.tp, self.tp + self.fn)}")
        if self.fp + self.tn:
            parts.append(f"false-positive rate {ratio(self.fp, self.fp + self.tn)}")
        if self.urgent:
            parts.append(f"urgent marked urgent {ratio(self.urgent_marked, self.urgent)}")
        return "  ".join(parts)


def score(rows: list[dict], screen_one=screen, errors: bool = False, detail: bool = True) -> Tally:
    total = Tally()
    by_lang = collections.defaultdict(Tally)
    by_cat = collections.defaultdict(Tally)
    wrong = []
    for r in rows:
        findings = screen_one(r["text"])
        flagged, medical = bool(findings), r["label"] == "medical"
        urgent = r["category"] == "urgent"
        marked = any(f.category == "urgent" for f in findings)
        for tally in (total, by_lang[r.get("lang", "?")], by_cat[r["category"]]):
            tally.add(medical, flagged, urgent, marked)
        if flagged != medical or (urgent and not marked):
            wrong.append((r, findings))
    precision = total.tp / (total.tp + total.fp) if total.tp + total.fp else 0.0
    recall = total.tp / (total.tp + total.fn) if total.tp + total.fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"messages {len(rows)}: {total.tp + total.fn} medical, {total.fp + total.tn} ok")
    print(
        f"precision {ratio(total.tp, total.tp + total.fp)}  recall {ratio(total.tp, total.tp + total.fn)}  F1 {f1:.3f}"
    )
    print(f"false-positive rate on ok {ratio(total.fp, total.fp + total.tn)}")
    print(f"urgent messages with an 'urgent' finding {ratio(total.urgent_marked, total.urgent)}")
    # Their writers are shown how to get help now as well: a cost, though a small one.
    other = total.tp + total.fn - total.urgent
    print(f"other medical messages with an 'urgent' finding {ratio(total.other_marked, other)}")
    if not detail:
        return total
    print("per language")
    for lang, tally in sorted(by_lang.items()):
        print(f"  {lang:4s} {tally.line()}")
    print("per category (medical: recall; ok: false-positive rate)")
    for cat, tally in sorted(by_cat.items()):
        print(f"  {cat:34s} {tally.line()}")
    if errors:
        print(f"misclassified ({len(wrong)})")
        for r, findings in wrong:
            kind = (
                "NOT URGENT"
                if r["label"] == "medical" and findings
                else "MISS"
                if r["label"] == "medical"
                else "FALSE ALARM"
            )
            print(f"  {kind} {r['id']}: {r['text']}")
            for f in findings:
                print(f"      -> {f.category}: {f.excerpt!r}")
    return total


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def load_once() -> None:
    start = time.perf_counter()
    load_lexicons()
    load_model()
    print(f"loading the lexicons and the model: {(time.perf_counter() - start) * 1e3:.0f} ms (once per process)")


def durations(texts: list[str]) -> list[float]:
    """Seconds to screen each text, in turn."""
    out = []
    for text in texts:
        t0 = time.perf_counter()
        screen(text)
        out.append(time.perf_counter() - t0)
    return out


def long_messages(texts: list[str]) -> list[str]:
    """2,000-character messages, each made of different messages in turn."""
    out, current = [], ""
    for text in texts:
        current += text + " "
        if len(current) >= 2000:
            out.append(current[:2000])
            current = ""
    return out


def first_time(texts: list[str]) -> None:
    """The long messages screened before anything else: the first time this process meets
    their words and word pairs, as a newly started worker would (later ones meet some of the
    earlier ones' words again). They are made in reverse order, so that timing() meets others."""
    runs = durations(long_messages(texts[::-1]))
    print(
        f"\ntime for a 2,000-character message, the first time its words are met ({len(runs)} different ones): "
        f"mean {statistics.mean(runs) * 1e6:.0f} µs, p99 {percentile(runs, 0.99) * 1e6:.0f} µs"
    )


def timing(texts: list[str]) -> None:
    samples = durations(texts * 5)
    print(
        f"\ntime per message: mean {statistics.mean(samples) * 1e6:.0f} µs, "
        f"p99 {percentile(samples, 0.99) * 1e6:.0f} µs ({len(samples)} runs)"
    )
    # Long messages new as a whole, but whose words and most word pairs were met in the
    # messages they are made of, whose sums the model keeps (model.py): as a worker's would be
    # after a while, since most words of a new message are common ones.
    long_texts = long_messages(texts)
    runs = durations(long_texts)
    print(
        f"time for a 2,000-character message, its words met before ({len(long_texts)} different ones): mean "
        f"{statistics.mean(runs) * 1e6:.0f} µs, p99 {percentile(runs, 0.99) * 1e6:.0f} µs"
    )
    again = durations(long_texts[:1] * 100)
    print(f"the same 2,000-character message again: mean {statistics.mean(again) * 1e6:.0f} µs")
    # Machines differ by a factor of two or three in these figures: this one says which kind ran them.
    loop = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) * 1e3
    print(f"this machine's reference loop, sum(range(1000)): {loop:.1f} µs (the times above scale with it)")


def cross_source() -> None:
    """Train without each group of sources and measure on it, at the shipped thresholds."""
    from microsite.screening.model import Model
    from microsite.screening.tools import train_model

    rows = train_model.corpus_rows()
    examples = train_model.examples(rows)
    files = {}
    for path in sorted(train_model.CORPUS.glob("*.jsonl")):
        for r in load(path):
            files[r["id"]] = path.name
    print("\ncross-source: trained without each group, measured on it")
    for name, prefixes in SOURCE_GROUPS.items():
        held = {id_ for id_, file in files.items() if file.startswith(tuple(prefixes))}
        fitted = train_model.fit([ex for ex in examples if ex.id not in held])
        model = Model(train_model.serialise(fitted, train_model.SETTINGS, {}))
        tally = Tally()
        for r in rows:
            if r["id"] in held:
                findings = screen(r["text"], model)
                tally.add(
                    r["label"] == "medical",
                    bool(findings),
                    r["category"] == "urgent",
                    any(f.category == "urgent" for f in findings),
                )
        print(f"  {name} ({len(held)} messages): {tally.line()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--cross-source", action="store_true")
    parser.add_argument("--held-out", action="store_true", help="also the held-out sets, their totals only")
    parser.add_argument(
        "--errors", action="store_true", help="list the misclassified messages (never the held-out sets')"
    )
    args = parser.parse_args()
    load_once()
    texts = [r["text"] for path in TIMED for r in load(path)]
    first_time(texts)
    for path in args.files + (HELD_OUT if args.held_out else []):
        held_out = path.resolve() in HELD_OUT
        print(f"\n== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}" + (" (held out)" * held_out))
        score(load(path), errors=args.errors and not held_out, detail=not held_out)
    timing(texts)
    if args.cross_source:
        cross_source()


if __name__ == "__main__":
    main()
