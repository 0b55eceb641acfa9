"""Tests of the medical-content screening (microsite.screening).

The data-set tests read tests/data/screening/*.jsonl; every other example here is new, written for
these tests, so they check that the rules generalise rather than repeat the development set.
"""
import json
import time
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from microsite.screening import Finding, screen

DATA = Path(__file__).parent / "data" / "screening"
RECALL_TARGET = 0.97
FALSE_POSITIVE_TARGET = 0.03


def load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def categories(text: str) -> list[str]:
    return [f.category for f in screen(text)]


@pytest.mark.parametrize("name", ["dev.jsonl", "extra.jsonl"])
def test_labelled_messages_meet_targets(name):
    rows = load(name)
    misses = [r for r in rows if r["label"] == "medical" and not screen(r["text"])]
    alarms = [r for r in rows if r["label"] == "ok" and screen(r["text"])]
    medical = sum(r["label"] == "medical" for r in rows)
    ok = len(rows) - medical
    recall = 1 - len(misses) / medical
    false_positive_rate = len(alarms) / ok
    report = "\n".join(
        [f"MISS {r['id']}: {r['text']}" for r in misses]
        + [f"FALSE ALARM {r['id']}: {r['text']} -> {screen(r['text'])}" for r in alarms])
    assert recall >= RECALL_TARGET, f"recall {recall:.3f} ({medical - len(misses)}/{medical})\n{report}"
    assert false_positive_rate <= FALSE_POSITIVE_TARGET, \
        f"false-positive rate {false_positive_rate:.3f} ({len(alarms)}/{ok})\n{report}"


def test_urgent_data_set_messages_get_an_urgent_finding():
    for row in load("dev.jsonl") + load("extra.jsonl"):
        if row["category"] == "urgent":
            assert categories(row["text"])[0] == "urgent", row["text"]


@pytest.mark.parametrize("text,category", [
    ("I've been taking meloxicam every morning for my hip", "medication"),
    ("The pain clinic put me on duloxetine in March.", "medication"),
    ("Prednisone gives me terrible heartburn, is that common?", "medication"),
    ("my husband takes 50 mcg of fentanyl patches", "medication"),
    ("My calves cramp every night and my toes go numb", "symptom"),
    ("Hi, I'm having sharp pain in my lower back when I sit.", "symptom"),
    ("Woke up with my elbow swollen and hot to the touch", "symptom"),
    ("My sister was diagnosed with rheumatoid arthritis last spring.", "condition"),
    ("I suffer from trigeminal neuralgia and want to be seen.", "condition"),
    ("Got my blood work back and my A1C was 9.1", "test_result"),
    ("The CT scan showed a compression fracture at T12.", "test_result"),
    ("I had a microdiscectomy in 2021 and the numbness came back.", "procedure"),
    ("The facet injection didn't help at all.", "procedure"),
    ("I sprained my ankle playing pickleball Saturday.", "injury"),
    ("My dad slipped on the ice and broke his hip.", "injury"),
    ("I'm 20 weeks pregnant and my back is aching.", "pregnancy"),
    ("We're trying to conceive, is that a problem for the procedure?", "pregnancy"),
    ("I've been feeling so hopeless and anxious since I lost my job.", "mental_health"),
    ("My psychiatrist wants me to get a pain consult.", "mental_health"),
    ("Should I increase my tramadol if it stops working?", "advice_request"),
    ("Is it safe for me to drive after the nerve block?", "advice_request"),
    ("Member ID ZQX402918834, please update my chart.", "identifier"),
    ("My SSN is 402-11-8876.", "identifier"),
    ("Medicaid no. 55512098 for the visit on Friday", "identifier"),
])
def test_each_category_is_found(text, category):
    assert category in categories(text), screen(text)


@pytest.mark.parametrize("text", [
    "I want to end my life, nothing helps anymore.",
    "I have crushing chest pain and my left arm hurts",
    "Since this morning I can't pee and my groin is numb",
    "Both of my legs suddenly went weak and numb",
    "My son swallowed a bunch of my pills, what do I do",
    "Tengo dolor en el pecho desde anoche",
    "Pienso en quitarme la vida",
])
def test_urgent_findings_come_first(text):
    found = screen(text)
    assert found and found[0].category == "urgent", found


def test_urgent_is_listed_before_earlier_findings():
    text = "My MRI showed stenosis and my gabapentin 600mg does nothing. I want to kill myself."
    found = screen(text)
    assert found[0].category == "urgent"
    assert len(found) > 1
    assert found[0].start > found[1].start


@pytest.mark.parametrize("text", [
    "been on gabapentn for a month, makes me dizzy",
    "my fibromyalga is acting up",
    "I have arthritus in both knees",
    "my siatic nerve hurts",
    "My mom has nueropathy in her feet",
    "I'm taking cyclobenzaprin at night",
])
def test_misspellings(text):
    assert screen(text), text


@pytest.mark.parametrize("text", [
    "Mi hija tiene migrañas muy fuertes y vómitos.",
    "Estoy tomando gabapentina 300 mg y me da sueño.",
    "Me operaron de la columna hace dos años.",
    "Mi mamá se cayó y le duele la cadera.",
    "Estoy embarazada de cinco meses.",
    "Me siento muy deprimida últimamente.",
])
def test_spanish_medical(text):
    assert screen(text), text


@pytest.mark.parametrize("text", [
    "¿Tienen citas disponibles el sábado?",
    "¿Dónde me estaciono cuando llegue?",
    "¿El doctor habla español?",
    "Mi hijo me va a acompañar a la cita.",
    "¿Tratan la fibromialgia?",
])
def test_spanish_ordinary(text):
    assert screen(text) == [], screen(text)


@pytest.mark.parametrize("text", [
    "Do you do spinal cord stimulator trials?",
    "Does Dr. Manvar treat migraines and neuropathy?",
    "Is the pain management office on the second floor?",
    "Parking downtown is such a pain, any tips?",
    "I'm dying to try the new online check-in!",
    "I'm anxious to get started with my first consultation.",
    "I'm afraid we need to reschedule to next week.",
    "This insurance runaround is killing me, can you call Blue Cross?",
    "My phone number is 980-555-0147, confirmation 77312.",
    "Invoice 20240117 was paid last Tuesday.",
    "My date of birth is March 3, 1962. When is my appointment?",
    "Can I bring my mother? She'll wait in the lobby.",
    "Do you have a wheelchair I can borrow at the entrance?",
    "I read the article on pregabalin. Is it different from gabapentin?",
    "I'm a pharmacy student writing about opioid stewardship.",
    "Can you send my records to Dr. Patel's office?",
    "Should I bring my X-ray films to the visit?",
    "Feel free to text me instead of calling.",
    "I'm sick of the hold music, please call me back.",
    "Will my HMO need a referral for a consultation?",
    "Do you see pregnant patients, or is that a different clinic?",
    "Thanks! The staff made me feel very welcome.",
])
def test_hard_negatives_pass(text):
    assert screen(text) == [], screen(text)


def test_date_of_birth_counts_only_with_health_details():
    assert screen("DOB 07/22/1970, need to move my Thursday slot") == []
    found = screen("DOB 07/22/1970, my knees are swollen again")
    assert "identifier" in [f.category for f in found]


@pytest.mark.parametrize("text", [
    "been on gabapentin 300mg 3x a day and my legs still tingle 😩",
    "MY SHOULDER IS FROZEN AND THE PT ISN'T HELPING!!!",
    "Mi papá tiene diabetes y le duelen los pies.",
    "SSN 123-45-6789 — I'm the patient with the pain pump.",
])
def test_excerpts_are_exact_substrings_with_offsets(text):
    found = screen(text)
    assert found
    for f in found:
        assert f.excerpt and f.excerpt in text
        assert text[f.start:f.end] == f.excerpt


def test_overlapping_findings_are_deduplicated():
    found = screen("my lower back pain and my lower back pain medication")
    spans = sorted((f.start, f.end) for f in found)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start


def test_finding_is_frozen():
    finding = Finding("symptom", "my knee")
    with pytest.raises(FrozenInstanceError):
        finding.category = "ok"


@pytest.mark.parametrize("text", ["", "   ", "👍", "...", "12345"])
def test_empty_and_trivial_messages_pass(text):
    assert screen(text) == []


def test_long_messages_are_fast():
    rows = load("dev.jsonl")
    text = " ".join(r["text"] for r in rows)[:2000]
    screen(text)  # lexicons load once per process
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        screen(text)
    mean = (time.perf_counter() - start) / rounds
    assert mean < 0.01, f"{mean * 1e3:.2f} ms for a 2,000-character message"


def test_every_lexicon_file_says_where_it_came_from_and_is_used():
    from microsite.screening.lexicon import KIND_FILES, LEXICON_DIR

    files = sorted(p.name for p in LEXICON_DIR.iterdir() if p.name.endswith(".txt"))
    extra = {"disclosures.txt", "not_misspellings.txt", "suffix_exceptions.txt"}
    assert set(files) == set(KIND_FILES) | extra
    for name in files:
        head = LEXICON_DIR.joinpath(name).read_text(encoding="utf-8").splitlines()[:3]
        assert any("source" in line.lower() or "generated" in line.lower() for line in head), name


def test_a_word_added_to_a_lexicon_is_found(monkeypatch, tmp_path):
    """What docs/screening.md tells staff: add a line to a lexicon file, and it is matched."""
    from microsite.screening import lexicon

    for path in lexicon.LEXICON_DIR.iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "drugs.txt", "a", encoding="utf-8") as f:
        f.write("zorbivex\n")
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    lexicon.load_lexicons.cache_clear()
    try:
        assert [f.category for f in screen("I'm taking zorbivex twice daily")] == ["medication"]
    finally:
        monkeypatch.undo()
        lexicon.load_lexicons.cache_clear()
