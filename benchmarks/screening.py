"""Measure the medical-content screening on a labelled JSONL file.

    python benchmarks/screening.py [file.jsonl]     (default: tests/data/screening/dev.jsonl)

Prints precision, recall and F1 for "medical", the false-positive rate on "ok", results per
category and per language, urgent coverage, every misclassified message, and timing.
"""
import collections
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microsite.screening import screen  # noqa: E402  (needs the repository on sys.path)
from microsite.screening.lexicon import load_lexicons  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "screening" / "dev.jsonl"
TIMING_ROUNDS = 20


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


def score(rows: list[dict]) -> None:
    tp = fp = fn = tn = 0
    by_cat = collections.defaultdict(lambda: [0, 0])
    by_lang = collections.defaultdict(lambda: [0, 0, 0, 0])  # tp, fn, fp, tn
    urgent_total = urgent_found = 0
    wrong = []
    for r in rows:
        findings = screen(r["text"])
        flagged, medical = bool(findings), r["label"] == "medical"
        tp += flagged and medical
        fn += medical and not flagged
        fp += flagged and not medical
        tn += not flagged and not medical
        by_cat[r["category"]][0] += flagged
        by_cat[r["category"]][1] += 1
        lang = by_lang[r.get("lang", "?")]
        lang[0 if medical and flagged else 1 if medical else 2 if flagged else 3] += 1
        if r["category"] == "urgent":
            urgent_total += 1
            urgent_found += any(f.category == "urgent" for f in findings)
        if flagged != medical:
            wrong.append((r["id"], r["label"], r["text"], findings))
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    print(f"messages {len(rows)}: {tp + fn} medical, {fp + tn} ok")
    print(f"precision {ratio(tp, tp + fp)}  recall {ratio(tp, tp + fn)}  F1 {f1:.3f}")
    print(f"false-positive rate on ok {ratio(fp, fp + tn)}")
    print(f"urgent messages with an 'urgent' finding {ratio(urgent_found, urgent_total)}")
    print("\nper category (medical: recall; ok: false-positive rate)")
    for cat, (flagged, total) in sorted(by_cat.items()):
        medical = not cat.startswith("hard_negative") and cat not in OK_CATEGORIES
        label = "recall" if medical else "false-positive rate"
        print(f"  {cat:34s} {label:20s} {ratio(flagged, total)}")
    print("\nper language")
    for lang, (ltp, lfn, lfp, ltn) in sorted(by_lang.items()):
        print(f"  {lang}: recall {ratio(ltp, ltp + lfn)}  false-positive rate {ratio(lfp, lfp + ltn)}")
    print(f"\nmisclassified ({len(wrong)})")
    for id_, label, text, findings in wrong:
        kind = "MISS" if label == "medical" else "FALSE ALARM"
        print(f"  {kind} {id_}: {text}")
        for f in findings:
            print(f"      -> {f.category}: {f.excerpt!r}")


OK_CATEGORIES = {
    "scheduling", "cancellation", "hours", "directions", "parking", "insurance", "billing",
    "forms", "records", "referral", "portal", "language", "thanks", "website_feedback", "general",
}


def timing(texts: list[str]) -> None:
    load_lexicons()  # built once per process, as in the running site
    samples = []
    for _ in range(TIMING_ROUNDS):
        for text in texts:
            t0 = time.perf_counter()
            screen(text)
            samples.append(time.perf_counter() - t0)
    samples.sort()
    p99 = samples[int(len(samples) * 0.99) - 1]
    print(f"\ntime per message: mean {statistics.mean(samples) * 1e6:.0f} µs, "
          f"p99 {p99 * 1e6:.0f} µs ({len(samples)} runs)")
    long_text = " ".join(texts)[:2000]
    runs = []
    for _ in range(200):
        t0 = time.perf_counter()
        screen(long_text)
        runs.append(time.perf_counter() - t0)
    runs.sort()
    print(f"time for a {len(long_text)}-character message: mean "
          f"{statistics.mean(runs) * 1e6:.0f} µs, p99 {runs[int(len(runs) * 0.99) - 1] * 1e6:.0f} µs")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"file {path}")
    score(rows)
    timing([r["text"] for r in rows])


if __name__ == "__main__":
    main()
