"""Tests of the medical-content screening (microsite.screening).

The data-set tests read data/screening/dev.jsonl and extra.jsonl, which the model never trained
on. Every other example here is new, written for these tests by pattern (docs/screening.md), so
they check that the screen generalises rather than repeat its training data. The held-out
blind set is measured by benchmarks/screening.py, never asserted on here: a test would invite
tuning to it.
"""

import gzip
import json
import math
import time
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from microsite.screening import Finding, screen
from microsite.screening.normalise import fold, without_invisibles

DATA = Path(__file__).resolve().parent.parent / "data" / "screening"
# Messages of ours the shipped screen gets wrong: kept, so that a retrained model that gets
# them right is noticed (strict: the test then fails until the mark is removed).
KNOWN = pytest.mark.xfail(strict=True, reason="a known mistake of the shipped screen")
RECALL_TARGET = 0.97
FALSE_POSITIVE_TARGET = 0.03


def load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def categories(text: str) -> list[str]:
    return [f.category for f in screen(text)]


def message_of(text: str):
    """The message as the screen reads it: folded, split into words and tagged."""
    from microsite.screening.lexicon import load_lexicons
    from microsite.screening.rules import Message

    return Message(fold(text), load_lexicons())


def rule_findings(text: str) -> list:
    """The rules' findings alone, before the model's gate: (category, start, end)."""
    from microsite.screening import rules

    return rules.findings(message_of(text))


# -- the labelled sets ---------------------------------------------------------------------------


def test_labelled_messages_meet_targets():
    rows = load("dev.jsonl") + load("extra.jsonl")
    misses = [r for r in rows if r["label"] == "medical" and not screen(r["text"])]
    alarms = [r for r in rows if r["label"] == "ok" and screen(r["text"])]
    medical = sum(r["label"] == "medical" for r in rows)
    ok = len(rows) - medical
    recall = 1 - len(misses) / medical
    false_positive_rate = len(alarms) / ok
    report = "\n".join(
        [f"MISS {r['id']}: {r['text']}" for r in misses]
        + [f"FALSE ALARM {r['id']}: {r['text']} -> {screen(r['text'])}" for r in alarms]
    )
    assert recall >= RECALL_TARGET, f"recall {recall:.3f} ({medical - len(misses)}/{medical})\n{report}"
    assert false_positive_rate <= FALSE_POSITIVE_TARGET, (
        f"false-positive rate {false_positive_rate:.3f} ({len(alarms)}/{ok})\n{report}"
    )


def test_urgent_data_set_messages_get_an_urgent_finding():
    for row in load("dev.jsonl") + load("extra.jsonl"):
        if row["category"] == "urgent":
            assert categories(row["text"])[0] == "urgent", row["text"]


def as_read(text: str) -> str:
    """A message as the screen reads it (folded, spaces collapsed): two that differ only in
    ways it ignores are the same message."""
    return " ".join(fold(text).text.split())


def test_no_evaluation_message_is_in_the_training_corpus():
    from microsite.screening.tools.train_model import corpus_rows

    # the corpus, and what waits in pending/ to join it at the next retrain
    pending = [row for path in DATA.glob("pending/*.jsonl") for row in load(f"pending/{path.name}")]
    training = {as_read(r["text"]) for r in corpus_rows() + pending}
    held_out = sorted(path.name for path in DATA.glob("blind*.jsonl"))  # every held-out set, present and future
    assert held_out
    for name in ["dev.jsonl", "extra.jsonl", *held_out]:
        assert not [r["id"] for r in load(name) if as_read(r["text"]) in training], name


def test_no_message_is_in_the_training_corpus_twice():
    """A repeat would count twice in training and, split across folds, be tested on itself."""
    from microsite.screening.tools.train_model import corpus_rows

    first: dict[str, str] = {}
    repeats = []
    for row in corpus_rows():
        key = as_read(row["text"])
        if key in first:
            repeats.append((first[key], row["id"]))
        first.setdefault(key, row["id"])
    assert not repeats


# -- the patterns the rules alone missed, in messages of our own -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # someone else's health
        "My stepdad's new knee is giving him trouble, can he see the doctor before Christmas?",
        "booking for my aunt, her sugar has been all over the place since spring",
        "My husband is the one with the bad back. He's had two surgeries already.",
        # everyday words for symptoms
        "my fingers go dead and prickly when I hold the steering wheel",
        "some mornings I can't get my socks on",
        "hips are shot, need someone to look at them",
        # very short
        "pinched nerve. soonest?",
        "sciatica flaring",
        # medicines without "I take"
        "out of my norcos till monday",
        "the lyrica makes me feel drunk, is that normal",
        "gabapentn refill plz",
        pytest.param("is 7.5/325 a lot?", marks=KNOWN),
        # results, procedures, recovery
        "the MRI found two bulging discs",
        "three weeks since the shoulder operation and I still can't lift my arm",
        "the nerve burning they did last year wore off",
        # mood
        "nothing feels worth doing anymore since the accident",
        pytest.param("I cry in the car before work most days", marks=KNOWN),
        # identifiers inside sentences
        "my medicaid id is 9921 4408 7K, can you check it's on file",
        "Medicare number 7HT2-QR4-WM19 for the bill please",
        # other languages
        "mi esposo anda con la cintura bien amolada desde que cargó los muebles",
        "se me duermen los pies en las noches, ¿tienen cita el martes?",
        "Tôi bị đau lưng dưới hai tháng nay, muốn đặt lịch khám",
        "我妈妈膝盖疼得走不了路，可以预约吗",
        "Minha mãe caiu e quebrou o punho, ela pode ser atendida?",
        "Masakit ang likod ko simula nung nadulas ako sa trabaho",
        "ana 3andi wja3 fi dahri men shahrein, momken maw3ed?",
        # breastfeeding said by what it needs
        "is there somewhere private I can pump milk while I wait?",
        # the shapes of blind-17's misses, on which a writer wrote written-63: whether to combine
        # things one uses on oneself, strain in everyday idiom, a procedure's billing code
        "before my visit: can I keep using the heat wrap and the cream together?",
        pytest.param(
            "is it fine to use the ice pack and the rub at the same time, or one then the other?", marks=KNOWN
        ),
        "I'm running on empty lately and can't cope with much, is there an opening soon?",
        "Honestly I'm hanging on by a thread these days. Anything open soon?",
        pytest.param(
            "Copied from my insurance letter: prior authorization for CPT 62323 approved 03/01 to 05/31."
            " Who do I call?",
            marks=KNOWN,
        ),
        # the shapes of blind-18's misses, on which a writer wrote written-66: a small injury with
        # no body part, a body part "killing me" in Portuguese, a relative's condition given as an
        # access need, a procedure's aftermath told as logistics, a relative's refill in Spanish
        # (in these words, the model before found them too: they guard against losing them)
        "Hurt myself hauling bags of mulch on Saturday, anything sooner than the 14th?",
        "meu pescoço tá me matando essa semana, tem horário amanhã?",
        "Can my husband wait in a quiet room? He has dementia and noise really agitates him.",
        "Is the prep for the second nerve block the same? After the first one I drove home and shouldn't have.",
        "quiero surtir la gabapentina de mi papá, ¿a quién le marco?",
        # the shapes of blind-19's misses, on which a writer wrote written-71: a detail given only
        # as the reason in an administrative message, a late relative's cause of death, a dose with
        # no drug (in these words, the model before found all but the first too)
        pytest.param(
            "Question about my statement: there's a $190 'procedure room' charge. Will that be added every"
            " time I come in for a nerve block?",
            marks=KNOWN,
        ),
        "Necesito cambiar la cita para antes del 20 porque el bebé nace a fines de mes",
        "Please waive the late-cancel fee from March 3rd, I was admitted to Atrium with the flu that whole week.",
        "My father died in June of lung cancer; as his executor I need copies of his records from your office.",
        "Me tienen que cambiar la cita, estuve hospitalizada por la presión.",
        "Can Dr. Rao call me? I want to ask about going from the 300 to the 600.",
        "Send me the new-patient forms please, I'm off work on disability for my neck so mornings are fine.",
        # the shapes of blind-20's misses, on which a writer wrote written-74: a procedure's bill,
        # therapy or dialysis days and weeks of pregnancy given as the reason for a time or place (the
        # model before found the first three too, and missed the last two)
        "¿Me pueden dar cita un viernes? De lunes a jueves tengo terapia de la rodilla por la mañana.",
        "Any morning slots? My mom has dialysis Tuesday and Thursday afternoons and I drive her.",
        "I'm 30 weeks along, could I be seen at the Matthews office instead?",
        # (a known mistake until 2026-11-27's seventh session's model, in 2026-11-28's fourth's, and
        # again in 2026-11-29's second's: its last two sentences 0.2 under the bar)
        pytest.param(
            "Our plan switches to Aetna on the 1st. Could I be seen at the Matthews office? I'm 30 weeks along"
            " and would rather skip the drive uptown.",
            marks=KNOWN,
        ),
        pytest.param(
            "Quick one about my statement: is the epidural from January billed to my insurance or to me?", marks=KNOWN
        ),
        # the shapes of blind-21's misses, on which two writers wrote written-75 and 76: pregnancy
        # without the word, a carer's reason, the reason someone else drives, another doctor's words,
        # voice dictation, another office's referral, a medicine by its German name (the model before
        # missed the first, the dictation and the referral)
        "Could we move my consult to September? My maternity leave starts in August.",
        "Please text the reminders to me, not to my dad. He has early Alzheimer's and the calls confuse him.",
        "Afternoons only please, my son drives me since the dizzy spells started.",
        "Mi doctor del trabajo dice que tengo dos discos salidos, ¿me pueden ver un sábado?",
        # missed by the models of 2026-11-27's seventh to ninth sessions (0.31 under the seventh's
        # bar), whose corpus gained forty messages dictated without punctuation, most of them ok;
        # found again by 2026-11-28's first
        "hi this is Dana period my doctor says it's fiber my algae comma which of your doctors should I see"
        " question mark",
        # (a known mistake until 2026-11-27's sixth session's model, and again from 2026-11-28's
        # fourth's to 2026-11-29's second's)
        "Referral from Mooresville Family Medicine: patient Ana Ruiz, DOB 03/14/1971, for low back pain."
        " Please call our referral line to schedule.",
        "Ich nehme abends Tilidin und bin morgens benommen, geht ein Termin am Nachmittag?",
        # the shapes of blind-22's misses, on which written-79 was written: a baby of a few weeks, a
        # hospital stay, rehab days, a short course of medicine, insulin, an Italian drug name, a
        # counsellor, a diagnosis in an aside, a relative's surgery, a symptom beside a date of birth
        # (three of them missed by the model trained on them too)
        pytest.param(
            "Is there somewhere private I could pump? My daughter is five weeks old and comes with me.", marks=KNOWN
        ),
        pytest.param(
            "Disculpen que no llegué el martes, me tuvieron internado tres días. ¿Hay otra fecha?", marks=KNOWN
        ),
        "水曜日はリハビリがあるので、木曜日に変更できますか？",
        "could we do next month instead? I'm on a prednisone taper until the 12th",
        "能不能约下午？我早上要先打胰岛素。",
        "Prendo ossicodone da un anno e vorrei ridurlo. Mi potete aiutare?",
        "Can I move to 4? My therapist switched my session to Thursday at 2.",
        pytest.param("Any gluten-free snacks in the waiting room? Coeliac, sorry to ask", marks=KNOWN),
        "I need to move my consult, my wife's heart surgery got moved up to Monday and I'll be with her.",
        "Hi, this is Ray Ortiz, DOB 6/2/1961. I called Tuesday about the numbness in my toes and was told someone"
        " would call back. Still waiting.",
        # a medicine not named, with what makes it someone's (its finding needs the model's agreement)
        "I ran out of my pills and need an appointment before Friday.",
        "need a refill on my meds",
        # the shapes of blind-23's misses, on which written-80 was written: another English's words
        # for pain, a case manager writing about a claimant, and messages dictated without a comma
        # or a full stop (one sentence of a hundred words, in which the pain was diluted by all the
        # rest until long runs were also scored in parts: the model before missed both)
        "Good afternoon, I wish to request for an appointment. Since last month my waist has been paining me"
        " especially when I sit long in the bus.",
        "This is Tanya Brooks, case manager with Carolina Mutual workers' comp. Our claimant Derek Hill hurt his"
        " lower back unloading a truck on 9/14 and is authorized for a pain consult. Claim WC-22-0481.",
        "okay so um I have this pain in my shoulder the right one that kind of wakes me up at night and then in"
        " the morning I'm stiff like for a while before I can get the paper off the porch my friend from church"
        " said you all are good with that kind of thing so I wanted to see if I could get in um my name is Betty"
        " Walker I'm 76 I live off Sharon Amity Road and I can come pretty much any day except Thursday because"
        " that's my choir practice and my son drives me on Thursdays anyway so um yeah just call me at the house"
        " I don't really check this email my grandson set it up for me thank you so much",
        "pues mire buenas tardes le escribo porque tengo un dolor en la rodilla la izquierda que no me deja"
        " dormir y en la mañana amanezco bien tiesa hasta que me tomo mi cafecito mi vecina la de enfrente me"
        " dijo que ustedes atienden eso y que hablan español yo me llamo Rosa Elena Paredes tengo 71 años y vivo"
        " por la Central cerca de la iglesia y puedo ir cualquier día menos el miércoles porque ese día cuido a"
        " mis nietos y mi hijo me lleva los viernes así que me pueden llamar a la casa en la tarde porque en la"
        " mañana no contesto gracias y que Dios los bendiga",
        # the shapes of blind-24's misses, on which written-81 was written: a procedure in plain words
        # for a parent, street names for a medicine in the plural, from someone else
        "Escribo por mi papá. En otra clínica le quemaron los nervios de la rodilla con un aparato y ya se le"
        " está pasando. ¿Ustedes hacen lo mismo?",
        "They burned the nerves in my mom's neck at her old clinic last year and it's wearing off now. Do you do"
        " that too?",
        "ustedes dan las gabas? las que me regalaba mi vecina ya se acabaron",
        "do y'all prescribe the percs? the ones my cousin gave me don't last",
        # the shapes of blind-25's misses, on which written-82 was written: a symptom someone else
        # has seen, pregnancy let slip by a scan and an emoji, another's use of a medicine as the
        # last item of an admin list
        "Can I get in any sooner? My husband says I'm limping and leaning to one side again.",
        "have to move thursday, my 12 week scan got booked that morning 🤰",
        "A few things. I moved to 12 Elm St. Please mail bills to my son. And my brother cuts his patches in"
        " half so they last longer, could I do that with mine?",
        # the shapes of blind-26's misses, on which written-84 was written: dizziness as the reason for
        # a companion (Haitian Creole), pain and lost sleep (Gujarati), a procedure named by its place
        # in a series or by a note for work, a plan's member number with no label
        "Bonjou, m ap vini jedi ak madanm mwen paske tèt mwen ap vire chak maten, mwen pa ka kondwi.",
        "મારા ઘૂંટણમાં ઘણા અઠવાડિયાથી દુખાવો છે અને રાત્રે ઊંઘ નથી આવતી. ક્યારે આવી શકું?",
        # (a known mistake until 2026-11-28's fourth session's model)
        "tengo que mover la cita del martes, es la de la tercera infiltración. ¿hay algo el jueves?",
        "HR wants a letter saying I was at the procedure on March 3rd. Just the date, nothing else please.",
        "wellcare nc id 44018 2273 9, the new card came last week",
        # the shapes of blind-27's and blind-29's misses, on which written-87 was written: someone
        # writing for work who names an employee's or a claimant's condition, a child's symptom
        # passed on by a school office, an injury at work in another language, a procedure or a
        # condition named in a word by a careful writer (three were known mistakes until 2026-11-28's
        # fourth session's model, the first trained with written-87)
        "Our employee is on short-term disability for a torn rotator cuff.",
        "Adjuster on claim 41-WC-20877: per the IME, the claimant's diagnosis is lumbar radiculopathy. The carrier"
        " authorizes an initial evaluation; please send the office note within ten days.",
        "Soy la secretaria de la escuela. La mamá de Brian pide otra cita porque el niño sigue con mareos muy"
        " fuertes y ella trabaja el lunes.",
        "Quản lý bảo tôi đến khám cổ tay bị trật hôm thứ Hai ở chỗ làm. Có cần hẹn trước không?",
        "How soon after my nerve block can I drive myself home?",
        "Just say it's for my lupus, I'd rather not put more in an e-mail. Anything on Mondays?",
        # the shapes of blind-31's and blind-32's misses, on which written-88 was written: a procedure
        # on a receipt, a medicine named by a reminder app, a relative's condition beside a question
        # about Medicare, a symptom as the reason for a time, a pregnancy in an idiom, a psychiatric
        # stay through a form
        "Can you email me the receipt for my knee injection on 9/12? My FSA needs it.",
        # (2026-11-29's second session's model scores its first clause 0.3 under the bar; the model before, just on it)
        pytest.param(
            "Mi aplicación me sigue recordando la duloxetina a las 6, ¿cómo lo cambio en el portal?", marks=KNOWN
        ),
        "Mon père a la maladie de Parkinson. Est-ce que vous acceptez Medicare ?",
        "Can I get afternoon calls only? My hands shake too much in the mornings to hold the phone.",
        "¿Puedo pagar en partes? Estoy en estado y ando corta de dinero.",
        "The hardship form asks for proof of my stay at the psychiatric hospital. Is the discharge letter enough?",
        # the shapes of blind-34's misses, on which written-89 was written: an aide's back in Tagalog,
        # pumping milk at work, a prescription and a drug test, a relative in detox, a mood shown by
        # what someone stopped doing, a procedure on a bill in Russian, a painkiller in Korean, a bite
        # stitched up, said in passing
        "Aide po ako sa nursing home, masakit na po ang likod ko sa kakabuhat ng pasyente."
        " May bakante po ba sa Huwebes?",
        # (missed by the model trained with written-90)
        pytest.param("Can we do noon? I have to pump every three hours at work and my lunch is at 12.", marks=KNOWN),
        # (the next two are missed by the models trained with written-89 and written-90)
        pytest.param("Will what Dr. Manvar prescribed me come up on my CDL drug test next week?", marks=KNOWN),
        pytest.param("my daughter's in detox this week so afternoons are better", marks=KNOWN),
        "Since the funeral I haven't left the apartment or opened my mail. Can the next visit be by phone?",
        "Мне сделали укол в спину у вас в сентябре, пришёл счёт на 700 долларов. Можно платить частями?",
        "진통제 처방을 다른 약국으로 보내 주실 수 있어요?",
        "Can I come Friday instead? A neighbour's dog bit my hand on Sunday and it's stitched, so I can't drive yet.",
        # the shapes of blind-35's misses, on which written-90 was written: joints "cooked" by a job,
        # a wrist locking up in Portuguese, a mood in slang, a pregnancy scan, an old word for a
        # fainting fit, a symptom misspelled and without the g of "-ing", a refill an old doctor wrote
        "knees are cooked from this warehouse job, got anything saturday?",
        "Meu joelho tá travando de tanto agachar no serviço, tem vaga sábado?",
        "been spiraling since the breakup, any openings this week?",
        "can we move friday to the afternoon, my anatomy scan got put on that morning",
        "Had another of my spells at the grocery store. Earliest you have, please.",
        "cna you fit me in soonr my neck is killin me",
        "Who does Lyrica refills now? Dr. Hall wrote mine before he retired.",
        # a person's health among animals and plants (the twins of blind-36's false alarms are below)
        "Can I come Friday instead? Our goat butted me into the fence and my ribs are still bruised.",
        "Got stung by yellow jackets clearing brush and my leg is still swollen, any openings this week?",
        # the twins of blind-37's misses, on which written-92 was written: a medicine left behind on a
        # trip, a long supply before one, a veteran's crowds, a pregnancy said as news, a father's
        # knee in Arabic, stairs
        "Lyrica oubliée chez ma sœur, je peux avoir un rendez-vous avant jeudi ?",
        "se me quedó la gabapentina en casa de mi hermana, ¿me la mandan a otra farmacia?",
        "can I get a 90 day supply before I head out on the road for 2 months?",
        "ever since I got back from Iraq I can't do crowded rooms, is there a quiet time to come in?",
        "we just found out we're expecting! can we push my consult so I can make her OB appointments?",
        "ركبة أمي تؤلمها كثيرا، هل يوجد موعد؟",
        "stairs are rough for me right now, is there an elevator?",
        # the twins of blind-38's misses, on which written-93 was written: a back that won't let the
        # father of the bride stand straight, what a brother died of, more medicine before a trip home
        # in Chinese
        "father of the bride here, my back locked up and I can't stand up straight lol, anything Monday?",
        "Mi papá murió de cáncer en marzo, ¿me pueden mandar el saldo de su última visita?",
        "过年回老家之前能不能多开两个月的药？",
        # the twins of blind-39's misses, on which written-94 was written (not yet trained on): six
        # months along and teaching a dance class, a mother's blood pressure in Arabic, a visit after knee
        # surgery, moving a prescription in Vietnamese and in Haitian Creole, driving after an
        # injection in Korean, a back that locks in the morning in Portuguese, a back wrenched moving
        # house in Chinese, less pain after the injection in Amharic
        "¿Hay citas en la tarde? Doy clases de baile y con la barriga de seis meses ya no aguanto tanto de pie.",
        pytest.param(
            "هل يمكن نقل موعد أمي إلى يوم الأحد؟ عندي شغل يوم الثلاثاء. للعلم هي مريضة ضغط من سنين.", marks=KNOWN
        ),
        # the rules tie no procedure to the body part after it ("post-op visit for my ACL"), and the model
        # trained with ACL as a body part (C14) scores it under its threshold ("for my meniscus" it finds)
        pytest.param("post-op visit for my ACL, can we move it to the 20th?", marks=KNOWN),
        "can we push my post op check for the ACL thing to next week",
        # the twins of blind-41's misses: fingers slammed in a car door, dizziness in Haitian Creole, a wife
        # in labour, a sister's migraines, a medicine with beer at a wedding in Spanish
        "slammed my fingers in the car door lol, running 10 min late",
        "èske doktè a ka wè m? tèt mwen vire chak fwa m leve",
        pytest.param("hi cancel my 2pm, my wife just went into labor!!", marks=KNOWN),
        "can I move my follow-up to the 24th? also my sister gets migraines three times a week and gave up on her"
        " neurologist, does Dr Manvar see people for that?",
        "¿mi esposo se puede tomar la gabapentina con un par de cervezas en la boda?",
        pytest.param("chuyển toa lyrica qua Walgreens mới giúp em với, em mới chuyển nhà", marks=KNOWN),
        "Tanpri voye preskripsyon lyrica mwen an nan Walgreens ki sou Central la, mwen fèk demenaje.",
        "내일 주사 맞는데 맞고 나서 바로 운전해도 되나요?",
        "tem horário à tarde? de manhã as costas travam e não consigo levantar",
        "可以改成视频看诊吗？搬家的时候闪了腰，不方便开车",
        "ከመርፌው በኋላ ህመሙ ቀንሷል። ቀጣዩ ቀጠሮ መቼ ነው?",
        # the twins of blind-40's misses, on which written-95 was written: mornings in bed in Spanish,
        # an ankle twisted at work in French, working the day after an injection in Hindi, sleepless
        # nights with a pounding heart, heat or ice as a doctor said
        "¿hay citas en la tarde? por las mañanas no me puedo ni levantar de la cama",
        "je peux venir plus tôt? je me suis tordu la cheville au boulot 😩",
        "injection ke baad kya main agle din kaam pe ja sakta hoon?",
        "Any openings next week? Since my divorce I can't sleep, I lie awake with my heart pounding every single"
        " night.",
        "should i use heat or ice on it after work? the doctor said but i forgot",
    ],
)
def test_medical_patterns_are_found(text):
    assert screen(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I've already given away my dog and written letters to my kids. Please cancel everything.",
        "my brother took a whole bottle of his sleeping pills an hour ago",
        "He took his gabapentin with the oxycodone and now he's so drowsy I can't keep him awake",
        "she's breathing really slow and her lips look bluish",
        # a third party's report in clinical words
        "The visiting nurse found Mr. Diaz hard to rouse at noon, his wife thinks he doubled up on "
        "the gabapentin with his oxycodone. They are calling 911 now, please let Dr. Kim know.",
        # loss of bladder control and numb legs in an old man's words, asking for an appointment
        # instead of the emergency room (the shape of blind-20's one urgent message not marked urgent;
        # in these words, the model before marked it too)
        "this is Walt, 78, since yesterday I can't hold my water, it just comes without me knowing, and my legs"
        " from the knees down feel like somebody else's. my wife says the ER but I'd rather see yall, what's"
        " your first opening",
        "threw up blood twice this morning",
        # blind-21's two urgent messages not refused at all were in Italian and Japanese: the same
        # kinds in our own words (the model before refused neither)
        "Ho preso tutte le pillole che avevo in casa mezz'ora fa.",
        "急に両足に力が入らなくなって、太ももの感覚もありません。",
        # and the urgent phrases of eight more languages
        "Ich will nicht mehr leben, alles tut weh.",
        "Nie chcę żyć, wszystko mnie boli.",
        "Artık yaşamak istemiyorum.",
        "Δεν θέλω να ζω άλλο.",
        "دیگه میخوام بمیرم",
        "죽고 싶어요, 너무 아파요",
        "もう死にたいです",
        "Non voglio più vivere, scusate.",
        "Since last night I can't feel anything when I wipe and I wet the bed",
        "Ya no quiero despertar, estoy cansada de todo",
        "我不想活了，每天都很痛",
        "Não aguento mais, quero acabar com tudo",
        "manman m pa ka respire byen depi maten, tanpri rele m",
        "mwen fatige ak tout bagay, mwen vle mouri",
        "Я не хочу жить, всё болит каждый день",
        "papa ne mogu dyshat posle novyh tabletok",
        "أنا تعبت من كل حاجة وعايز اموت",
        "badi mout, ma 3ad fini kamel",
        "Мені так важко, я вже не хочу жити",
        "ne mozhu dykhaty pislia novykh tabletok",
        "میں بہت تھک گیا ہوں، خودکشی کا سوچ رہا ہوں",
        "abbu ko abhi khoon ki ulti hui",
        "waan daalay, waxaan rabaa inaan isdilo",
        "nimechoka na maisha, nataka kufa",
        "በጣም ደክሞኛል፣ መሞት እፈልጋለሁ",
        "मलाई अहिले छाती दुख्छ र पसिना आउँदैछ",
        # slang
        "honestly I tried to take myself out after the fusion failed, I need a new plan",
        "been thinking about offing myself, the pain never lets up",
        "ngl i might unalive myself if this back doesn't get better",
        # understated, beside an ordinary request
        "six week wait is fine I guess, not like I have much reason to keep going anyway",
        # marked urgent by the models of 2026-11-27's first session (by 0.07) and third (0.32); missed by
        # its second's (-0.26)
        "honestly I'm out of reasons to stay, but sure, put me on the cancellation list",
        pytest.param("if the wait is 2 more months just book my funeral, not totally kidding", marks=KNOWN),
        # a message that is nothing but the phrase: too short for the model to agree
        "I am suicidal",
        "quiero matarme",
        "me quiero matar",
        "je veux mourir",
        "mujhe marna hai",
        # "want to die" said as "mar jana chahta" (the shape of written-95's, let through):
        # Hindi and Urdu in Latin letters and in Devanagari
        "sach kahun to ab mar jaana chahti hoon",
        "दर्द से थक गया, अब मर जाना चाहता हूँ",
        "ana bfakar fi el intihar",
        "म मर्न चाहन्छु।",  # the danda ends the sentence, not the word
        # relayed by someone writing for work, and an accident at work with a sign the policy names
        # (the shapes of blind-29's urgent messages that were not refused)
        "I'm his case manager and I'm passing this on: today he said he has a plan for when the checks stop, and he"
        " keeps talking about his pistol. He sees Dr. Rao on Friday.",
        "أخوي طاح من السلم في الشغل وصار ما يقدر يصحى، ينام وهو يكلمنا. نجيبه عندكم؟",
        # bleeding that won't stop and a bone through the skin (beyond the policy's list: whoever
        # writes them needs 911 first; the shapes of blind-31's and blind-32's)
        "cut my hand on the mower blade and it won't stop bleeding, do I still come Monday?",
        "the gauze is bleeding through the towel now, what do we do",
        "my grandson fell off his bike and the bone is poking through the skin of his wrist",
        "a mi esposo se le salió el hueso del tobillo al caerse de la escalera",
        "mi niña se cortó con un vidrio y no para de sangrar",
        "A wasp stung me in the garden and now my throat feels tight and I can't get my breath",
    ],
)
def test_urgent_messages_get_an_urgent_finding_first(text):
    found = screen(text)
    assert found and found[0].category == "urgent", found


@pytest.mark.parametrize(
    "text",
    [
        # the shapes of blind-25's medical messages marked urgent, most of them in other languages:
        # a fall at work, a parent's sciatica and suffering, work missed for pain, sleep lost to a
        # shoulder, pain pills run out (written-82 was written on them)
        "Caí no trabalho semana passada e machuquei o joelho, vocês atendem pelo seguro do trabalho?",
        "Bonjour, mon père a une sciatique et il souffre beaucoup depuis le mois dernier. Avez-vous un rendez-vous ?",
        "最近、腰がずっと痛くて仕事に行けません。予約できますか？",
        pytest.param("Od dwóch tygodni boli mnie bark i nie mogę spać. Czy jest wolny termin?", marks=KNOWN),
        pytest.param("My pain pills ran out yesterday, can I get the refill sent today?", marks=KNOWN),
        # the shapes of blind-26's: pain one can't stand any more, pills run out, a drink on new pills,
        # low mood said with "not suicidal" (written-86 was written on them)
        "ya no aguanto la rodilla, necesito una cita lo antes posible",
        # (marked urgent by the models trained with written-90, until 2026-11-29's second session's)
        "약이 이틀 전에 다 떨어졌어요. 새 처방전을 약국으로 보내주실 수 있나요?",
        "Can my wife have a glass of wine with her new nerve pills? Our anniversary is Saturday.",
        # (the urgent phrase "suicidal" stands without the model, and nothing reads the "not" before it)
        pytest.param(
            "been feeling really low since the divorce, not suicidal or anything, do you have a counselor on staff?",
            marks=KNOWN,
        ),
        # a bony bump, said as people say a bone through the skin
        "Tengo un hueso salido en el pie y me duele con los zapatos, ¿atienden eso?",
        "There's a bone sticking out on the side of my foot and my shoes rub it. Do you see that?",
    ],
)
def test_medical_messages_that_are_not_urgent_are_not_marked_urgent(text):
    found = [f.category for f in screen(text)]
    assert found and "urgent" not in found, found


def test_urgent_phrases_also_said_as_figures_of_speech_need_the_models_agreement():
    """Training records the urgent phrases its ok messages hold ("heart attack" in "that bill gave
    me a heart attack"); only those need the model to agree, the rest stand on their own."""
    from microsite.screening.model import load_model

    figurative = load_model().figurative
    assert {"heart attack", "suicide"} <= figurative
    assert not {"suicidal", "kill myself", "quiero matarme", "me quiero matar"} & figurative
    assert screen("I killed myself laughing at your ad, who made it?") == []
    # a misspelling or another form of a phrase is no more precise than the phrase
    assert screen("Vi un documental sobre suicidios, ¿tienen estacionamiento?") == []


def test_every_urgent_phrase_is_found_as_written():
    """Each phrase of lexicons/urgent.txt, written after a word that can't start a question ("will
    nicht mehr leben" would read as "will you ..."), is found as that phrase, whatever the model
    says: one that folding or splitting into words changed would not be. Those that need no
    model support are then urgent findings on their own."""
    from microsite.screening.lexicon import _read_terms, tokens
    from microsite.screening.model import load_model
    from microsite.screening.urgent import exact_phrases

    phrases = {p: " ".join(tokens(p)) for p in _read_terms("urgent.txt")}
    assert [p for p, name in phrases.items() if name not in exact_phrases(message_of(f"ok, {p}"))] == []
    figurative = load_model().figurative
    standing = [p for p, name in phrases.items() if name not in figurative]
    assert [p for p in standing if categories(f"ok, {p}")[:1] != ["urgent"]] == []


def test_phrase_words_that_touch_must_touch_in_the_message():
    """Each Korean syllable is a word of the rules', so "자살" (suicide) is two words; "혼자 살아요"
    (I live alone) holds them across a space, and is not that phrase."""
    from microsite.screening.urgent import exact_phrases

    assert exact_phrases(message_of("자살하고 싶어요")) == {"자 살"}
    assert exact_phrases(message_of("저는 혼자 살아요")) == set()
    assert screen("저는 혼자 살아요. 주차는 어디에 하나요?") == []
    # a phrase's own spaces may be left out, as Korean writers often do
    assert exact_phrases(message_of("숨을못쉬겠어요")) == {"숨 을 못 쉬"}
    assert categories("숨을못쉬겠어요")[:1] == ["urgent"]


@pytest.mark.parametrize(
    "text",
    [
        "I'll drop the signed forms off myself on Monday.",
        "After my appointment I'm taking myself out for lunch, is there a cafe nearby?",
        "I'm taking myself out of the running for the front desk job, thanks anyway",
        # the urgent model's from the corpus of 2026-11-26's fifth session to 2026-11-27's sixth
        "Please take me off the mailing list, I want to take myself out of all the emails",
        "I want to take myself out of your mailing list",
    ],
)
def test_slang_for_suicide_is_not_read_into_errands(text):
    """Slang for suicide ("take myself out", "off myself") is also lunch, a mailing list and a
    delivery: the lexicon has only its unambiguous forms ("tried to take myself out")."""
    assert screen(text) == []


def test_the_phrases_training_found_in_ok_messages_are_the_lexicons_own():
    """Model.figurative names phrases as the lexicon writes them: a phrase taken out of
    urgent.txt, or written differently there, would otherwise leave a name that gates nothing
    and let the new wording stand on its own unnoticed (retrain after editing the lexicon)."""
    from microsite.screening.lexicon import load_lexicons
    from microsite.screening.model import load_model

    assert load_model().figurative <= load_lexicons().urgent_phrases


def test_the_model_gives_only_categories_the_screen_can_report():
    """The category model learns the corpus's categories; each must be one the screen ranks and
    the form words (a writer's own name for one, such as "allergy", stops training instead)."""
    from microsite.screening.model import load_model
    from microsite.screening.screener import PRIORITY, REPORTED_AS
    from microsite.screening.tools.train_model import Example, fit
    from microsite.wording import MEDICAL_KINDS

    assert set(load_model().category_names) <= PRIORITY.keys()
    assert {REPORTED_AS.get(category, category) for category in PRIORITY} <= MEDICAL_KINDS.keys()
    with pytest.raises(ValueError, match="allergy"):
        fit([Example("ours-1", "medical", "subtle_allergy", "en", "written", "allergic to penicillin")])


def test_training_judges_each_message_as_the_screen_does():
    """--tune chooses the thresholds from training's view of each message (train_model.Outcome):
    at the shipped thresholds it must refuse, and mark urgent, exactly what screen() does."""
    from microsite.screening.model import load_model
    from microsite.screening.tools.train_model import examples, outcomes

    model = load_model()
    at_shipped = {
        "medical": 0.0,  # scores are relative to the shipped thresholds
        "urgent": 0.0,
        "urgent_refused": model.urgent_if_refused,
        "rule": model.rule_gate[0],
        "urgent_rule": model.rule_gate[1],
    }
    ours = [
        "I want to kill myself",  # an urgent phrase on its own
        "that invoice gave me a heart attack lol, can I pay online?",  # a figurative one
        "suicde squad was a good movie, do you have parking?",  # a misspelt one
        "both my legs went numb suddenly and I can't stand",  # leg weakness
        "My medicaid # is 1234 5678 9X, can I book?",  # an identifier
        "my knees are shot, do you take Aetna?",  # the model alone
        # a goodbye the urgent model reads as urgent, then three more sentences before it: with the
        # model of 2026-11-27's fourth session, its threshold's rise (Model.urgent_rise) decides it
        "This is my last message before we move. Please close my account and send the final statement to"
        " my new address in Tampa. I won't be around Charlotte anymore, but thank you for everything you"
        " did for me. Goodbye and take care of yourselves.",
        "The movers come on Friday. Our lease ends on the 30th. My sister is driving down to help. This is"
        " my last message before we move. Please close my account and send the final statement to my new"
        " address in Tampa. I won't be around Charlotte anymore, but thank you for everything you did for"
        " me. Goodbye and take care of yourselves.",
    ]
    rows = load("dev.jsonl") + load("extra.jsonl")
    rows += [{"id": f"ours-{i}", "text": text, "label": "ok", "category": "ok"} for i, text in enumerate(ours)]
    for outcome in outcomes(model, examples(rows)):
        found = screen(outcome.example.text, model)
        assert outcome.flagged(at_shipped) == bool(found), outcome.example.text
        assert outcome.marked_urgent(at_shipped) == any(f.category == "urgent" for f in found), outcome.example.text


def test_a_patient_too_sleepy_to_wake_is_urgent_in_a_third_partys_words():
    found = screen("The aide found my grandmother hard to rouse this morning, what should we do?")
    assert (found[0].category, found[0].excerpt) == ("urgent", "hard to rouse"), found


def test_urgent_is_listed_before_earlier_findings():
    text = "My MRI showed stenosis and my gabapentin 600mg does nothing. I want to kill myself."
    found = screen(text)
    assert found[0].category == "urgent"
    assert len(found) > 1
    assert found[0].start > found[1].start


@pytest.mark.parametrize(
    "text",
    [
        "That quote gave me a heart attack, can you explain the charges?",
        "I'm dying to know if you have a Saturday slot",
        "This phone tree is a real headache, please call me back",
        "Hello, I'm a sales rep for a company that makes TENS units and back braces. Who buys supplies?",
        "Recruiter here: we place nurse practitioners with experience in opioid stewardship.",
        pytest.param(
            "I'd like to apply for the medical assistant opening. I have phlebotomy and EKG certification.", marks=KNOWN
        ),
        "Do you offer nerve blocks for people with sciatica?",
        "I read the gabapentin article. Does Dr. Manvar also prescribe pregabalin?",
        "Can my daughter come into the exam room with me to take notes?",
        "Need to move to afternoons, I'm on second shift now. Anything after 2?",
        "Dzień dobry, proszę o wizytę w przyszłym tygodniu, najlepiej po południu.",
        "Добрий день, можна записатися на прийом у середу зранку?",
        # refused by the model before 2026-11-26's sixth session ("після обіду": after lunch)
        "Добрий день, чи можна записатися на консультацію в понеділок після обіду?",
        "Please send my records to Dr. Okafor's office, fax 704-555-0188.",
        "My date of birth is 11/02/1957, when is my next appointment?",
        "¿Atienden pacientes con ciática? Quisiera una cita.",
        "Me muero de ganas de conocer al doctor, ¿hay cita el lunes?",
        "Is there parking for the Spine and Pain Center building?",
        # the rule finds "feet are red"; the model's gate must hold it back (the fourth and sixth
        # sessions' models of 2026-11-27 agreed with the rule, -2.3 against the gate's -3; the
        # seventh's to ninth's gate was -2, --tune chose -3 on 2026-11-28, -2 in its fourth session and
        # -3 again in its fifth, -2 in its sixth, whose model holds it back)
        "the first ten feet are red, is that the no parking zone?",
        "The first few feet get frozen in winter, please salt the ramp",
        # the same words as those disclosure phrases, about errands
        "I tweaked my schedule so I can come Tuesday instead, does 3pm work?",
        "I pulled something up on your website about parking, is it still free?",
        "sorry I just tweaked something in the form and resubmitted it",
        # the models of 2026-11-27's sixth session and 2026-11-29's second found it medical (0.07 over
        # their thresholds; the ones before and after, under)
        pytest.param("I'm not feeling great about the new billing system, can someone call me?", marks=KNOWN),
        # refused by the model before 2026-11-27's first session: the shapes of two of blind-16's false
        # alarms, now in the corpus (so these check that it was learned, not that it generalises):
        # a bare request in Spanish, and a long one (long ok messages were few in the corpus)
        "cita porfa",
        # the twins of the medical patterns from blind-17's misses
        "Do you sell heating pads at the front desk?",
        "the office printer is hanging on by a thread lol, can you email the forms instead?",
        pytest.param(
            "my old car is barely holding it together, can I get a morning slot so I'm not driving after dark?",
            marks=KNOWN,
        ),
        "The letter only has a reference number, 88213-A, and says services were authorized. Who do I call to book?",
        # one long ordinary sentence: refused by the models before 2026-11-27's second session, which
        # read length as medical (train_model.SETTINGS["length_column"])
        "so my sister is getting married in Asheville the second weekend of June and the whole family is driving up on"
        " Thursday night and coming back Monday, and my boss already said I can swap my shifts at the warehouse so I am"
        " free the week after, and my neighbor can watch the dogs, so could you move my follow-up from the 12th to the"
        " 17th or 18th in the afternoon if there is anything open then?",
        "I've been going back and forth with my husband's insurance through his job at the plant about whether they"
        " need a referral from my family doctor first, and the rep told me to call you, and your voicemail told me to"
        " use this form, so here I am, and honestly I work nights so anything after 1pm would be perfect, and if you"
        " have a cancellation list put me on it, thank you so much and sorry this is so long.",
        # many ordinary sentences, each one more chance of a false alarm: the model before 2026-11-27's
        # third session read the car's as an injury (train_model.SETTINGS["threshold_per_log_sentence"])
        "Good morning. I work second shift at the distribution center, so mornings are the only time I can"
        " come. Last month my car got rear-ended on Independence and I've been riding the bus since. The 9"
        " bus stops right across from your building, which is great. My sister-in-law usually watches my"
        " kids but she just started nursing school. So I might need to bring my youngest, he's four and"
        " pretty quiet with a tablet. Is that okay? I also need a copy of the bill from October for my FSA."
        " Thank you so much.",
        # the urgent model read "I just want ..." as urgent until 2026-11-27's sixth session's model,
        # and again with the seventh's (0.12 over its threshold with the rise for nine sentences) and
        # the ninth's and 2026-11-28's first to third; the eighth's put it 0.06 under, 2026-11-28's
        # fourth's 0.09: it lies on the bar (over it again with its sixth's)
        pytest.param(
            "Hi, it's me again about the paperwork. My mom is flying in from Bogotá on the 3rd and staying"
            " with us through New Year's. She doesn't drive here, so my brother will bring me on Tuesdays."
            " His truck has been in the shop twice this month, which is killing our budget. If he can't"
            " make it, my neighbor Rosa said she can. Do you validate parking in the deck? Also, my"
            " employer switched us to Aetna in January. Should I bring the new card or can I upload it in"
            " the portal? Sorry for the long message, I just want everything ready.",
            marks=KNOWN,
        ),
        # the twins of blind-18's shapes: an order number (refused before 2026-11-27's third session),
        # another provider's records, a general talk
        "Order #RX-20931 was delivered to your office by mistake, can someone check the front desk?",
        "Can my physical therapist's office send you the X-rays, or should I bring them?",
        "kya aapke yahan Lyrica aur gabapentin par koi general talk hota hai? article accha laga",
        # the twins of blind-19's false alarms, all long, most refused by the urgent model: a
        # goodbye, venting, a job applicant's clinical work (the model before passed them too)
        "We're relocating to Denver next month, so please cancel my remaining appointments. Thank you all for"
        " years of kindness, especially Latoya at the desk. I'm sorry to be leaving such a good office.",
        "Small complaint: the deck's exit gate wouldn't open again and nobody answered the call button for ten"
        " minutes. Thanks for letting me vent, I know it's not your fault.",
        "I'm applying for your front desk opening. At my last job in an orthopedic office I checked patients in,"
        " took vitals and scanned insurance cards.",
        # "rouse" and "wake" of things and people at a desk (urgent phrases need a patient)
        "I called three times and couldn't rouse anyone at the front desk.",
        "The kiosk was difficult to wake from sleep mode, so I signed in on paper.",
        # the twins of blind-20's false alarms: a vendor's products, coverage of services, a general
        # question on the article, figures of speech in a long message (the model before passed them
        # too, but for the last)
        "Hi, I'm with a medical supply distributor in Greensboro. We carry lidocaine patches, TENS units and back"
        " braces at good prices. Could your practice manager take a short call next month?",
        "Do you take TRICARE or VA Community Care for injections or physical therapy? Just trying to understand my"
        " options before I book anything.",
        "Leí su artículo sobre la gabapentina. Pregunta general: ¿en qué se diferencia de la pregabalina?",
        "Driving in from Mooresville, 77 at that hour gives me a headache just thinking about it. Could we push my"
        " 8:30 to 9:15?",
        "COBRA is eye-wateringly expensive, so before I pick a Marketplace plan: which ones are you in network with?",
        pytest.param(
            "Can I move Friday's consult to 4pm? The Hornets game last night almost gave me a heart attack and I"
            " overslept today, so I'm behind on everything.",
            marks=KNOWN,
        ),
        # the twins of blind-21's false alarms: a pet's surgery, a service dog, children's tablets, a form
        # that asks for medications, a reporter's general question (the model before refused the first;
        # the tablets and the form were known mistakes until 2026-11-27's seventh session, below)
        "Our beagle has knee surgery at the vet on the 9th, could we move my consult to the week after?",
        "I'll be bringing my service dog to the consult. Is there somewhere she can have a drink of water?",
        "Can my kids wait in the lobby with their tablets? They're quiet, I promise.",
        "The new-patient packet asks me to list my medications and past surgeries. Can I fill that page in on"
        " paper at the visit instead?",
        "I'm a reporter at a Charlotte radio station writing about how gabapentin prescribing has changed in North"
        " Carolina. Could one of your doctors speak in general terms for 15 minutes?",
        # The rules read a medicine word with a possessive as someone's medicine; a word that names no
        # particular medicine is logistics one time in twenty, and needs the model's agreement since
        # 2026-11-27's seventh session
        "Do I need to bring my medications to the first appointment?",
        "I'm a med student at UNC Charlotte. Could I shadow one of your doctors for a day?",
        "Para la primera cita de mi mamá, ¿llevamos la lista de sus medicinas?",
        # living alone (the urgent model read it as urgent in Korean, Vietnamese and English until
        # written-77); written without its space, "혼자살아요" holds "자살" (suicide), a phrase the
        # corpus has as a topic too, which the model agrees with here
        "I live by myself, so I need a ride to the appointment. Do you arrange transport?",
        "Tôi sống một mình. Đỗ xe ở đâu?",
        pytest.param("저는 혼자살아요. 주차는 어디에 하나요?", marks=KNOWN),
        # figures of speech the urgent phrases leave out: an icy car park (2026-11-29's second
        # session's model reads it as a symptom), a wife
        pytest.param("Na parkingu jest tak ślisko, że można się zabić. Czy jest inny wjazd?", marks=KNOWN),
        # (the urgent models of 2026-11-27's seventh and eighth sessions, and 2026-11-28's first, read
        # "wenn ich den Termin verpasse", if I miss the appointment, as urgent: 0.09 over the
        # threshold with the rise for two sentences in the eighth; the ninth's did not)
        pytest.param("Meine Frau wird mich umbringen, wenn ich den Termin verpasse. Geht auch Freitag?", marks=KNOWN),
        # the twins of blind-22's false alarms: a busy family's week, a move and a goodbye, a complaint,
        # a physiotherapist's application, a general question on what the clinic treats
        "This week is chaos, flu is going around my daughter's school and the carpool fell apart. Any Friday"
        " slots for my consult?",
        "I'm moving to Raleigh next month. Please send my records to me through the portal and cancel my"
        " follow-up, I'll already be gone by then. Thanks for everything!",
        "I'm sick and tired of waiting on hold. Can someone call me back about my statement?",
        "I'm a licensed physical therapist with six years in outpatient orthopedics and I'd love to know if you"
        " are hiring.",
        "Do you treat sciatica or peripheral neuropathy, or only back pain?",
        # the new urgent phrases' languages, dying and sterben as figures of speech
        "仕事が死ぬほど忙しいので、土曜日の予約はありますか？",
        "Ich sterbe fast vor Langeweile in der Warteschleife, kann ich den Termin online verschieben?",
        # An urgent phrase as a figure of speech stands unless the corpus's ok messages hold it too,
        # and none of them says "voglio morire" (written-78's say "sto morendo di noia"); a misspelt
        # one needs a medical score of -4, and the model of 2026-11-27's sixth session gives this
        # clause -3.4 (the one before, -4.3)
        pytest.param("Che vergogna, voglio morire! Ho sbagliato giorno. Posso spostare l'appuntamento?", marks=KNOWN),
        "suicde squad was a good movie, do you have parking?",
        # a goodbye the urgent model read as urgent until written-77's goodbyes that are only goodbyes,
        # and again from 2026-11-29's second session (its first sentence 0.1 over the bar for six)
        pytest.param(
            "Please tell Dr. Kim goodbye from me. We are moving back to Ohio to be near my daughter. The house"
            " sold last week. My son is driving the truck. I left a card for the nurses at the front desk. I"
            " will miss you all.",
            marks=KNOWN,
        ),
        # the twins of blind-23's false alarms: a parent's age, what to bring, a figure of speech in
        # English and in Portuguese
        "Do you take Humana Medicare plans? Asking for my dad, he's 81.",
        "For my mom's first visit, should we bring a written list of her medicines or do you get it from her doctor?",
        "I nearly had a heart attack when I finally got a person after 40 minutes on hold. Please add a"
        " callback option.",
        "Fiquei uma hora esperando na linha, é de morrer de raiva. Alguém pode me ligar para marcar a consulta?",
        # the twins of blind-24's false alarms: burned by bills (a rule's injury until burned "by"
        # what burns no one), a supplier's products (a rule's procedure until "our" before a
        # product), a cancer centre's lobby, thanks from a church in Haitian Creole
        "I got burned by surprise facility fees at another practice. Can you tell me up front what a first"
        " visit costs?",
        "Hi, I've been burned by facility fees before at another office. Do you take Aetna?",
        "Our company makes single-use injection trays and nerve block kits. Who handles purchasing for your practice?",
        "Is your office in the same building as the Levine Cancer Institute? I got lost there last time.",
        "Bonjou, legliz nou an ta renmen distribye bwochi klinik la apre mès dimanch. Mèsi pou tout sa nou fè"
        " pou kominote a.",
        # the twins of blind-25's false alarms (the model's, or an urgent phrase it let stand): walk-ins
        # for a procedure, a figure of speech about a web page, a receipt's number, "not sick" but
        # sick and tired
        "do yall take walk ins for nerve block shots or do I need a referral first?",
        "lol your holiday hours page still says closed, nearly gave me a heart attack",
        "I paid my copay at the front desk and kept the receipt (no. 00458812). Please fix my statement.",
        "I'm not sick, I'm sick and tired of being on hold. Do you take Cigna or not?",
        # the twins of blind-26's false alarms: a disc of images, a doctor who may have left, "I feel
        # bad" as an apology, a baby woken by calls, a young driver
        # (read as a test result since 2026-11-28's fourth session's model, 0.35 over its bar)
        pytest.param(
            "They burned my MRI onto a disc. Should I bring the disc or will the imaging center send it?", marks=KNOWN
        ),
        # (the urgent model reads "If she's gone, who took over?" and "I feel bad asking" as urgent)
        pytest.param("Is Dr. Patel still seeing patients there? If she's gone, who took over?", marks=KNOWN),
        pytest.param(
            "I feel bad asking, but can we move my Tuesday slot to Thursday? My son's recital got moved.", marks=KNOWN
        ),
        "Your reminder calls at 7am keep waking my baby. Can you text me instead?",
        "My grandson has his learner's permit and a year of driving. Can he bring me, or must it be an adult?",
        # a relative who is a patient, said in the words the urgent model had learned from the last
        # sentence of urgent messages written by relatives (written-85)
        "Mi suegra es paciente de ustedes, ¿puede venir con su perrito de servicio?",
        "Ma tante est patiente du Dr Manvar. Où peut-on se garer ?",
        "시어머니가 여기 환자예요. 통역사를 부를 수 있나요?",
        "Ele é paciente de vocês e precisa remarcar a consulta de terça.",
        "My father is a patient of Dr. Manvar. Please call him on his new number, 704-555-0144.",
        # a request alone, which the urgent model once shared its urgent messages' warning signs with
        # (train_model.fit starts it from each urgent message's most medical unit now)
        "Please take me off your list.",
        "Please cancel my appointments, we are moving to Ohio.",
        # the same offices as blind-27's and blind-29's, with nobody's health: an evaluation
        # authorised, a form for "the treating physician", a court date ("corte" is also a cut)
        "The carrier has authorized an initial evaluation and two follow-ups for the claimant on claim 63-WC-44120."
        " Please call me to schedule.",
        "Please have the treating physician complete the attached FMLA form and invoice the company for any fee.",
        "Cancelo la cita del jueves, tengo corte ese día.",
        # (the urgent model read "Die" in a company's name, with "&" or "and", as dying until 2026-11-28's
        # fourth session's model)
        "Benefits coordinator at Catawba Tool & Die here. Where do we send the FMLA paperwork for an employee?",
        "I work at a tool and die shop, can I get a 7am slot?",
        # the words of the urgent phrases for bleeding and a bone through the skin, about things
        "The ink is bleeding through the pages of your intake packet. Can you email me a copy instead?",
        "I got soaked through walking from the bus, so I went home. Can we reschedule?",
        "Is there a bone density scanner at your office, or do you send people out for that?",
        # the twins of blind-31's and blind-32's false alarms: a figure of speech about bills, a child
        # sitting in, a student's school, a reader of the article
        pytest.param(
            "Your new statements are so much clearer, the old ones gave me a heart attack every month.", marks=KNOWN
        ),
        "Can my granddaughter sit in with me during the visit? She's 8 and will be quiet.",
        "I'm applying to physical therapy school and need shadowing hours. Do you take student observers?",
        "Leí su artículo sobre la gabapentina. ¿Qué otros tratamientos ofrecen en la clínica?",
        # the twins of blind-34's false alarms: a disc of images in a car, a rotating shift, a job
        # seeker's certificate, a holiday's hours, a release form for a lawyer, a person who is a pain
        # in the neck, thanks after a hard year
        "Do I bring the x-ray CD from the other office? It's sitting in my car.",
        "On my night weeks I sleep until 3 pm, on day weeks I'm off at 6. Anything on the 12th or 13th?",
        "Are you hiring? I'm a CNA with my phlebotomy certificate and BLS, and I can start in January.",
        "Are you open the Friday after Thanksgiving? The store has me working the whole weekend.",
        "Can you send me a blank release form? My attorney wants to control who sees my file.",
        # (the rules pass it; the model reads the idiom as a symptom)
        pytest.param(
            "My ex has been a pain in my neck all year and the court keeps changing dates, so I need to move my"
            " appointment.",
            marks=KNOWN,
        ),
        "Thank you all. This was the hardest year of my life and your front desk always made me feel welcome.",
        # the twins of blind-35's false alarms: a game's deaths, an exam's "ptsd", a group chat as
        # therapy, a baby's daycare, plain arrangements in Arabic, Hindi and Russian, old films of
        # x-rays, a senior center's question about a drug
        "my raid team got wiped by the final boss like 4 times lol. anyway can i do 4pm thursday",
        # (the model reads the slang as a disclosure)
        pytest.param("that chem final gave me ptsd lmao, can we do after the 15th", marks=KNOWN),
        "our group chat is basically group therapy at this point lol. is there a bus stop near you?",
        "Daycare is closed tomorrow and I have nobody to watch the baby 😩 can we do next week?",
        "أريد حجز موعد مع الدكتورة يوم الخميس لأن ابنتي تستطيع أن توصلني في ذلك اليوم.",
        "मेरा बेटा मुझे लेकर आएगा, क्या वह डॉक्टर से बात करते समय कमरे में साथ रह सकता है?",
        "Можно перенести запись на пятницу? Дочь в четверг работает и не сможет меня отвезти.",
        "Should I bring my old X-ray films in the big envelope, or just the CD from last spring?",
        "Our bridge club argued about whether gabapentin makes older people fall. Is that true?",
        # the twins of blind-36's false alarms: an animal's surgery, shots, insulin, poisoning or
        # stitches (policy.md counts a person's health), sick plants and a landscaper's quote, a
        # French website complaint, thanks in Amharic
        "Can I move Tuesday's 9am? My cat has her dental surgery that morning and the vet wants her there by 7:30.",
        "My mare foaled early on Sunday and the vet has to come back Wednesday to check her stitches, so I need to"
        " push my consult to next week.",
        "The vet is coming Thursday to vaccinate and worm the whole herd, so I need to move my 2pm.",
        # (the model reads a pet's insulin as urgent and its shot "due" as a pregnancy)
        pytest.param("Is it OK if I bring my dog's insulin pen in a lunch bag? His shot is due at 1.", marks=KNOWN),
        "I'll have a puppy in a crate in the car, he just got neutered and can't be left alone yet. Where's the"
        " shadiest parking?",
        "Disculpen que falté, a mi gato lo mordió una culebra y pasamos la noche en la clínica veterinaria."
        " ¿Tienen cita el lunes?",
        "We're a lawn care company in Mint Hill. Your hedges out front have scale and the grass has brown patch; we"
        " can quote a spring fungicide and fall aeration plan.",
        "Sorry, I can't help myself, but your front flower beds are full of aphids. A soap spray would clear them up.",
        "Le formulaire ne marche pas sur ma tablette. J'essaierai encore demain matin.",
        "ስለ እርዳታችሁ በጣም አመሰግናለሁ። መልካም ቀን ይሁንላችሁ።",
        # the twins of blind-37's false alarms: a red-eye, a trip that was "one long headache", asking
        # for a friend "and maybe for me too", games in which one is killed, money, whether to send an
        # SSN, an empty stomach, old comrades
        "caught the red-eye from Denver, landing 6:40, can I come at 9 instead of 8?",
        "my flight got cancelled and I'm stuck in Atlanta overnight, this trip has been one long headache."
        " please move Thursday",
        "Do you do telehealth for patients who winter in Florida? Asking for my neighbor and maybe for me too.",
        "me mataron mil veces en el Fortnite jaja, ¿tienen cita el sábado para mi esposo?",
        # (the model reads a soldier's PT test as therapy; the rules no longer do, test_a_pain_in_the_neck_...;
        # the five after it were known mistakes of the model until 2026-11-29's second session's)
        pytest.param("passed my PT test this morning, can we do 2pm instead?", marks=KNOWN),
        "im broke til the 1st, can i pay then?",
        "SSN? the new patient packet wants it and I'd rather not email it. can I show my card at the desk?",
        "got wrecked in Fortnite all night lol, anyway my dad needs his appt time, he can't log into the portal",
        "any good coffee near you? driving from Fort Bragg for a 7:30 and I'm not doing that on an empty stomach",
        "thinking about the guys in my old unit, does the VA usually cover gabapentin?",
        # the twins of blind-38's false alarms: a coder's membership number, a rehab centre's and a
        # home-health agency's records, a walker left in a driver's van, a rep's samples in Spanish, a
        # question for a sister's son, dying of impatience in French
        "I'm a certified coder (AAPC member number 55120934), applying for your billing position",
        "Our rehab center needs the last office note for a shared patient, where do we fax it?",
        "Our home health agency needs a fax number to send over the signed release for a shared patient",
        "I drive for a medical transport company, one of your patients left her walker in my van yesterday, can I"
        " drop it off?",
        "Soy representante de una compañía de cremas de diclofenaco y me gustaría dejar muestras para la doctora.",
        "Buenas! La doctora atiende niños? Pregunto por mi hermana, es para su hijo.",
        "Je meurs d'impatience de voir la Dre Manvar ! Il y a un parking gratuit ?",
        # the twins of blind-39's false alarms (written-94 was written on them, not yet trained on):
        # an employee's and a student's numbers, panic before work, a child who waits quietly, food
        # to die for, a tall truck, rent and a shift not turned down, a phone dropped, a move that
        # "kills", a business owner's general question in Arabic, a Hindi idiom, lost on the way
        pytest.param(
            "my employee ID is 44810923 if you need it for the corporate rate. do you offer payment plans?", marks=KNOWN
        ),
        "please add my student number 0091827 to the receipt for my school's reimbursement",
        "thank you to the front desk for the work note, my manager took it no problem, i was panicking that morning"
        " and you saved me",
        "¿Puedo traer a mi hija de 6 años a la cita? Sale de la escuela a las 3 y no tengo con quién dejarla. Se"
        " sienta tranquila con su libro.",
        pytest.param(
            "jaja este pastel está para morirse 😂 perdón, mensaje equivocado. ¿abren el domingo?", marks=KNOWN
        ),
        "tem vaga pra carro alto? minha caminhonete é bem alta",
        "Can I split my balance into 2 payments? My rent and car payment are due the same week 😅",
        "Please cancel Thursday, I got offered an extra shift and honestly I can't turn down the money",
        "mi número nuevo es 980-555-0123, el viejo se me cayó al lavaplatos 😂",
        "la mudanza me tiene muerta jaja, no encuentro nada. Por favor cambien mi dirección a 455 Sharon Rd.",
        "أنا صاحب شركة نقل أثاث، هل تعالجون إصابات العمل للعمال وهل تقبلون تأمين إصابات العمل؟ سؤال عام فقط.",
        "इस हफ्ते काम से मेरी तो जान निकल गई 😅 खैर, मेरा नया पता अपडेट कर दीजिए: 220 Tyvola Rd",
        "Èske klinik la toupre Walmart ki sou Albemarle la? M te pèdi wout la dènye fwa.",
        # the twins of blind-40's false alarms, on which written-95 was written: late nights at work, a
        # bulletin, a song stuck in the head, a band's name, "break a leg" in Spanish, a parcel's and
        # an order's numbers, a long shift, a bus route, a shop's loyalty cards, new patients' papers
        "earliest slot possible pls, i bartend till 2am so late mornings are rough",
        pytest.param(
            "Do you offer injections or only medication? Our pastor wants to put it in the church bulletin for the"
            " health fair.",
            marks=KNOWN,
        ),
        "that hold music song has been stuck in my head all afternoon lol, please just call me back about Friday",
        pytest.param(
            "My nephew's punk band is called Sciatica, no joke. Anyway can I get reminders by text?", marks=KNOWN
        ),
        pytest.param(
            "mi hija baila esta noche y todos le dicen 'rómpete una pierna' jaja. ¿puedo cambiar mi cita al lunes?",
            marks=KNOWN,
        ),
        pytest.param("你好，我们是快递公司。运单号 SF1234567890123 的包裹已经送到前台，请确认一下。", marks=KNOWN),
        pytest.param(
            "I bought the seat cushion you recommended, order # 112-4471190-3380021, and it came ripped. Just letting"
            " you know about the seller.",
            marks=KNOWN,
        ),
        pytest.param(
            "I've been on my feet since 6 stocking shelves at Walgreens and I'm out of patience: is my appointment at"
            " 9:30 or 10?",
            marks=KNOWN,
        ),
        "¿Qué autobús me deja cerca? Tomo la ruta 11 desde el trabajo.",
        "Số thẻ thành viên của tôi là 4410-2287, à xin lỗi, đó là thẻ siêu thị. Cho tôi hỏi lịch hẹn thứ sáu mấy giờ?",
        "i wrote my kroger plus card number on the intake form by mistake lol, ignore it, i'll bring my insurance card",
        "my new pt forms are done, can I email them?",
        # the words of tendons and knees (post-op, ACL, Achilles) are health words only about a body
        "Achilles is the name of my service dog, can he come in with me?",
        "we're going to ACL fest this weekend, can I move my appt to the 9th?",
        # the twins of blind-41's false alarms: a truck's name, a medicine nobody takes, a worn-out
        # car, a crash where nobody was hurt, a headache from traffic in French, the ER entrance
        # taken by mistake, an ex who is a pain in the neck, a father paying his half of a bill
        "is your office by the old hospital annex or the new tower? I don't want to end up at the ER entrance again"
        " like last time lol",
        "the ex is a pain in my neck but that's not why I'm writing lol, what are your hours on saturday",
        pytest.param(
            "Me and my ex split our son's bills, so please send an itemized statement for his March visit with just"
            " dates and amounts. His dad will pay his half separately.",
            marks=KNOWN,
        ),
        "my F-150 is on its last legs and my Silverado needs a new transmission, so I'm getting a ride Thursday."
        " Where do I get dropped off?",
        "I read your gabapentin page and my brother and I argued about it: is it an anticonvulsant? Neither of us"
        " takes it, just curious.",
        pytest.param(
            "my truck's brakes are shot and the battery light won't go off, so I'll take a cab to my 3pm. where's the"
            " drop-off?",
            marks=KNOWN,
        ),
        "Perdón, choqué un carrito en su estacionamiento al dar reversa. Nadie salió herido, solo se rayó la defensa."
        " ¿A quién le dejo los datos de mi seguro?",
        pytest.param(
            "Juste à penser aux bouchons du jour de la course, j'ai mal à la tête lol. Il y a un autre chemin depuis la"
            " 77 ?",
            marks=KNOWN,
        ),
    ],
)
def test_hard_negatives_pass(text):
    assert screen(text) == [], screen(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do you have Saturday appointments for new patients?",
        "What insurance plans do you accept?",
        "¿Dónde me estaciono cuando llegue?",
        "Cho tôi hỏi phòng khám mở cửa mấy giờ?",
        "请问诊所周六开门吗？",
        "Thank you, the staff were lovely!",
    ],
)
def test_ordinary_messages_pass(text):
    assert screen(text) == [], screen(text)


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("My cat has her dental surgery that morning, so can we do the afternoon?", False),
        ("My mare foaled on Sunday and the vet comes back Wednesday to check her stitches.", False),
        ("Llevo a mi gata al veterinario, su cirugía es el martes.", False),
        ("Our mare foaled Sunday. The vet comes Wednesday to check her stitches.", False),
        ("The vet is coming Thursday for the whole herd, their shots are overdue, so I need to move my 2pm.", False),
        # a person near enough to be "her" or "his", or an animal of another number
        ("My wife is bringing the dog, and her hip surgery is on Friday.", True),
        ("My son walks the dog. His back surgery is next week.", True),
        ("My roommate has a cat. Her migraines are back.", True),
        ("She feeds our cat while I'm away. Her shots are on Tuesday, so can I come Wednesday?", True),
        ("My dog's trainer cancelled, his knee surgery went badly.", True),
        ("Mi vecina me cuida el perro; su cirugía de rodilla es el lunes.", True),
        ("Rosa walks our dogs. Her shots are on Tuesday, so can I come Wednesday?", True),
    ],
)
def test_an_animals_health_is_not_a_persons(text, persons):
    assert bool(rule_findings(text)) == persons, rule_findings(text)


def test_date_of_birth_counts_only_with_health_details():
    assert screen("DOB 07/22/1970, need to move my Thursday slot") == []
    found = screen("DOB 07/22/1970, my knees are swollen again")
    assert "identifier" in [f.category for f in found]


def test_a_member_number_of_what_is_no_health_plan_is_no_identifier():
    from microsite.screening import identifiers

    def numbers(text):
        return identifiers.numbers(message_of(text))

    assert numbers("Attaching my resume. My AAPC member # is 01847263 if you need to verify.") == []
    assert numbers("my gym member number is 55120934, do you validate parking there?") == []
    for text in [
        "my BCBS member # is 01847263",
        "member # is 01847263",
        "Ana, member ID 4471 2290 8X",
        "Insurance is through the union, member # 88213047.",  # a union's health fund
        "I'm a gym rat lol. Member # 88213047, BCBS.",  # not just after "gym"
    ]:
        assert numbers(text), text


# -- what a finding says -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,category",
    [
        ("I've been taking meloxicam every morning for my hip", "medication"),
        # (the urgent model reads fentanyl patches as urgent, and its finding covers the dose, since
        # 2026-11-28's fourth session's model; "my wife takes 25 mcg of fentanyl patches" before)
        pytest.param("my husband takes 50 mcg of fentanyl patches", "dose", marks=KNOWN),
        ("Woke up with my elbow swollen and hot to the touch", "symptom"),
        ("My sister was diagnosed with rheumatoid arthritis last spring.", "condition"),
        ("The CT scan showed a compression fracture at T12.", "test_result"),
        ("The facet injection didn't help at all.", "procedure"),
        ("My dad slipped on the ice and broke his hip.", "injury"),
        ("I'm 20 weeks pregnant and my back is aching.", "pregnancy"),
        ("I've been feeling so hopeless and anxious since I lost my job.", "mental_health"),
        ("Should I increase my tramadol if it stops working?", "advice_request"),
        ("Member ID ZQX402918834, please update my chart.", "identifier"),
        # the disclosure phrases of 2026-11-27: a small injury, surgery to come, malaise
        ("pulled something in my neck carrying groceries, any openings this week?", "injury"),
        ("me van a operar de la vesícula el jueves, hay que mover mi cita", "procedure"),
        ("I haven't been feeling great since Sunday, any openings?", "symptom"),
    ],
)
def test_rules_name_what_they_found(text, category):
    assert category in categories(text), screen(text)


def test_burned_by_what_burns_no_one_and_a_suppliers_products_are_not_the_rules_findings():
    assert rule_findings("I've been burned by facility fees before.") == []
    assert rule_findings("I'd like to show your staff our injection trays.") == []
    assert rule_findings("Could we mail your front desk their nerve block kits?") == []
    # burned by anything else, and "our" or "their" before what a family has, still count
    for text in [
        "I got burned by hot grease at work.",
        "My son got burned by a firework and has blisters.",
        "I got burned by the TENS unit pads.",
    ]:
        assert [found[0] for found in rule_findings(text)] == ["injury"], text
    assert [found[0] for found in rule_findings("Our injection last month didn't help.")] == ["procedure"]
    # where a worker works: a kind of place, not anyone's procedure
    assert rule_findings("Our rehab facility needs Dr. Manvar's last office note for a mutual patient.") == []
    assert rule_findings("their surgery center faxed the forms") == []
    # ... but a family has its places too
    for text in [
        "we did our physical therapy together",
        "My parents go to their dialysis center three times a week, can we book around it?",
        "My kids see their therapy team Mondays, any Tuesday slots?",
    ]:
        assert rule_findings(text), text
    assert screen("My parents need their diabetes supplies refilled.")
    assert screen("We ran out of our fentanyl patches.")


def test_a_pain_in_the_neck_said_of_a_person_and_pt_or_a_skill_that_is_no_therapy_are_not_the_rules_findings():
    for text in [
        "My landlord has been a pain in my neck since March.",
        "This insurance company is a real pain in my butt.",
        "I have my phlebotomy certification and I'm current on BLS.",
        "my injection training was at a vet clinic",
        "passed my PT test this morning, can we do 2pm instead?",  # a soldier's physical training
        "can i get the new pt packet by email? printer is out of ink",  # a patient's paperwork
        "I can't log into my pt portal",  # the patient portal
    ]:
        assert rule_findings(text) == [], text
    # the pain itself, and the procedure itself, still count
    for text, category in [
        ("There is a pain in my neck when I turn my head.", "symptom"),
        ("I have a pain in my neck since Monday.", "symptom"),
        ("I've had a sharp pain in my side all week.", "symptom"),
        ("I have my injection on the 4th.", "procedure"),
        ("I have PT forms to drop off.", "procedure"),  # without "new", "PT forms" stay therapy's
    ]:
        assert [found[0] for found in rule_findings(text)] == [category], text


def test_a_person_who_is_broke_has_no_injury():
    for text in [
        "I'm broke until payday, can I split the bill?",
        "I'm not broke, I just want an itemized bill",
        "I'm so freaking broke lol, can I do a payment plan?",
    ]:
        assert rule_findings(text) == [], text
    # something broken after it is an injury, whoever says it
    for text in ["she's broke her hip, can we move her appt?", "I broke my ankle on the stairs"]:
        assert [found[0] for found in rule_findings(text)][:1] == ["injury"], text


def test_a_pain_doctor_a_medicine_nobody_takes_a_thing_torn_up_and_hopeless_at_a_task_are_not_the_rules():
    """The shapes of blind-41's false alarms by the rules: "pain" naming who treats it, a medicine
    "neither of us takes", a note a toddler "tore up", "hopeless at filling out forms", and a
    pickup truck the drug names of a package call a medicine."""
    for text in [
        "My wife's old pain doctor in Raleigh says he sent her records.",
        "We argued about gabapentin at dinner. Neither of us takes it, just curious.",
        "our toddler tore up the appointment card",
        "My wife says I'm hopeless at filling out forms",
        "my Silverado needs new brakes",
        "I'm hopeless at paperwork, can I fill the forms in at the desk?",
        "the dog tore up the reminder card, what time is my visit?",
        "the kids tore up my paperwork, can you email it again?",
        "I'm all torn up about moving the appointment again",
        "We read about gabapentin at dinner. None of us take it, we were just chewing the fat.",
    ]:
        assert rule_findings(text) == [], text
    # the pain, the medicine taken, the torn knee and the feeling still count
    for text, category in [
        ("my pain doctor retired and my pain is worse at night", "symptom"),
        ("I have had neck pain. Dr Patel referred me to you.", "symptom"),
        ("I have back pain, office chairs make it worse", "symptom"),
        ("We read about gabapentin and my husband takes it.", "medication"),
        ("We both got gabapentin. Neither of us takes it regularly.", "medication"),
        ("We're both on gabapentin but neither of us takes it before driving, is that ok?", "medication"),
        ("We read about gabapentin. Nobody knows I take it.", "medication"),
        ("We read about gabapentin. None of us takes it, except my husband.", "medication"),
        ("We read about gabapentin. Neither of us takes it. My dad does though.", "medication"),
        ("my son tore up his knee at practice", "injury"),
        ("Can we reschedule? My son tore up his hamstring at practice", "injury"),
        ("my knee, which I tore up skiing, gives out on the stairs", "injury"),
        ("I'm hopeless these days", "mental_health"),
        ("can we move to 3pm? I'm hopeless at this point honestly", "mental_health"),
        ("I feel hopeless at night", "mental_health"),
        ("I'm hopeless at everything now, can we move my visit?", "mental_health"),
        ("I'm hopeless at living like this", "mental_health"),
    ]:
        assert category in [found[0] for found in rule_findings(text)], text


def test_liking_an_article_about_a_drug_is_not_the_drugs_effect():
    for text in [
        "Leí su artículo sobre la gabapentina y me gustó mucho.",
        "He leído el artículo sobre la gabapentina y me ha parecido muy claro.",
        "soy representante de una compañía de parches de lidocaína y me gustaría dejar muestras",
    ]:
        assert rule_findings(text) == [], text
    # the drug's own effect, liked or not, and a wish about one's own medicine
    for text in [
        "la gabapentina me da mucho sueño",
        "la gabapentina me ha dado mareos",
        "La gabapentina me gusta porque duermo mejor.",
        "Necesito más gabapentina, me gustaría recogerla el lunes.",
    ]:
        assert [found[0] for found in rule_findings(text)] == ["medication"], text


def test_what_someone_died_of_is_their_condition():
    for text in [
        "Mi hermano murió de cáncer en julio y estoy arreglando sus papeles.",
        "My husband passed away from cancer in May, how do I close his account?",
        "Mi esposo murió a causa de la diabetes, ¿cómo cierro su cuenta?",
        "My mom died of complications from diabetes, please close her portal account.",
    ]:
        assert [found[0] for found in rule_findings(text)] == ["condition"], text
    # nobody in particular
    assert rule_findings("I read that thousands of people died of COVID in NC, do you still require masks?") == []


def test_a_drug_run_out_forgotten_or_lost_is_someones_in_spanish():
    for text in [
        "se me olvidó la gabapentina en casa de mi hija",
        "se le acabó el tramadol a mi papá, ¿le pueden dar cita?",
        "se nos acaban las gabapentinas el viernes",
    ]:
        assert "medication" in [found[0] for found in rule_findings(text)], text
    assert rule_findings("se me olvidó preguntar por la gabapentina en general, ¿la recetan ustedes?") == []


@pytest.mark.parametrize(
    "text,category",
    [
        ("ركبتي تؤلمني، هل يوجد موعد هذا الأسبوع؟", "symptom"),
        ("j'ai mal au genou depuis lundi", "symptom"),
        ("estou com dor nas costas faz um mês", "symptom"),
        ("у меня болит колено после падения", "symptom"),
        ("허리가 아파요, 잠을 못 자요", "symptom"),
        ("mwen ansent 4 mwa, eske m ka vini?", "pregnancy"),
        ("tôi bị đau vai hai tuần nay", "symptom"),
        ("मैं गर्भवती हूं और अपॉइंटमेंट चाहिए", "pregnancy"),
        ("ሕመም አለኝ ቀጠሮ እፈልጋለሁ", "symptom"),
        ("我的背很疼，下周能预约吗？", "symptom"),
    ],
)
def test_a_pain_or_pregnancy_stated_in_another_language_is_refused_whatever_the_model_says(text, category):
    # (rules.STATED: these stand without the model's agreement, which is least sure in these languages)
    assert category in categories(text), screen(text)


@pytest.mark.parametrize(
    "text",
    [
        # a task's headache, a conscience, a heavy heart, jealousy; general questions; a nursing
        # certificate "held"; a bridge by the apartments; an election
        "J'ai mal au crâne avec tous ces formulaires, lequel dois-je remplir en premier ?",
        "У меня болит голова от этой страховой, вы принимаете Aetna?",
        "عندي وجع راس مع شركة التأمين، هل تقبلون بوليصة بلو كروس؟",
        "بيوجعني راسي من هالأوراق، أي واحدة لازم أعبي أول؟",
        "Sar dard ho raha hai in forms se, kaunsa pehle bharna hai?",
        "क्या इंजेक्शन के बाद दर्द होता है? मैं अपॉइंटमेंट बुक करने से पहले जानना चाहता हूँ।",
        "Ano po ang ginagawa ninyo para sa mga pasyenteng masakit ang likod?",
        "Estou com dor na consciência por ter faltado na terça, posso remarcar?",
        "Com dor no coração, vou ter que cancelar a consulta de sexta.",
        "Vocês atendem pacientes com dor no joelho?",
        "أنا حامل شهادة تمريض وأبحث عن وظيفة في العيادة",
        "Sinto dor de cotovelo, minha irmã conseguiu horário antes de mim",
        "주차장은 다리가 아파트 단지 옆에 있는 곳인가요?",
        "Tôi có bầu cử vào thứ Ba nên xin dời lịch hẹn sang thứ Tư.",
        # a second review's: people whose legs hurt, "tell me" the back-pain clinic's hours, grief, a field label
        "다리가 아프신 분들을 위해 주차장에서 가까운 입구가 있나요?",
        "무릎이 아프신 어르신들도 진료하시나요?",
        "허리가 아프지 않은 사람도 상담 받을 수 있나요?",
        "허리가 아파서 오는 환자가 많나요? 대학 과제로 조사하고 있어요.",
        "请告诉我腰痛门诊的开放时间",
        "能不能发给我腰痛治疗的收费标准？",
        "请告诉我怀孕的病人能不能做硬膜外注射？我是护理专业的学生",
        "Mwen gen doulè nan kè m lè m aprann Dr. Joseph mouri. Kondoleyans pou tout ekip klinik la.",
        "Mwen gen doulè lè m wè bòdwo sa a! Èske m ka peye an de fwa?",
        "Please change the field label from G to gravida in the intake form export.",
    ],
)
def test_the_same_words_in_figures_of_speech_and_general_questions_are_not_the_rules(text):
    assert rule_findings(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "both my hands go numb after an hour at my desk",
        "her toes turn white when it's cold out",
        "my feet get cold and purple",
        "my hands and feet go numb at night",
        "his left hand and arm turn blue",
    ],
)
def test_a_body_part_in_a_state_is_found_after_a_plural_verb(text):
    """The rule itself, not only the model: plural subjects take "go", "turn", "get"."""
    found = rule_findings(text)
    assert "symptom" in [category for category, _, _ in found], found


@pytest.mark.parametrize(
    "text",
    [
        "The first few feet get frozen in winter, please salt the ramp",
        "do the hands get cold in the lobby?",
    ],
)
def test_the_plural_verbs_need_someone_whose_body_it_is(text):
    """ "go", "get", "turn" with nobody's body part are as often about a place or a thing."""
    assert rule_findings(text) == []


@pytest.mark.parametrize(
    "text",
    ["cna i get earlir apointment my back is killin me", "my hands keep tinglin at night", "my knees are givin out"],
)
def test_a_symptom_word_without_the_g_of_ing_is_the_word(text):
    found = rule_findings(text)
    assert "symptom" in [category for category, _, _ in found], found


def test_a_word_without_the_g_of_ing_is_no_symptom_without_a_body():
    assert rule_findings("my boss is killin me with these shifts") == []


def test_a_number_after_a_medicine_is_a_dose_unless_joined_to_it_as_a_code():
    """ "ibuprofen 800" and "heparin 10000" are doses; "RX-44812" is an order number."""
    for text in ("the ibuprofen 800 isn't helping", "heparin 10000 twice a day since the surgery"):
        assert "medication" in [category for category, _, _ in rule_findings(text)], text
    for text in ("Confirmation #RX-44812, can I move this to the afternoon?", "Order RX-2093 came to your office"):
        assert rule_findings(text) == [], text


def test_where_only_the_model_fires_it_quotes_the_sentence():
    text = "Hi there. My arm goes all fuzzy and tingly whenever I drive. Any openings Friday?"
    found = screen(text)
    assert [f.excerpt for f in found] == ["My arm goes all fuzzy and tingly whenever I drive"]


@pytest.mark.parametrize(
    "text",
    [
        "been on gabapentin 300mg 3x a day and my legs still tingle 😩",
        "MY SHOULDER IS FROZEN AND THE PT ISN'T HELPING!!!",
        "Mi papá tiene diabetes y le duelen los pies.",
        "SSN 123-45-6789 — I'm the patient with the pain pump.",
        "ＭＹ ＫＮＥＥ is swollen",
        "gaba\u00adpentin makes me dizzy",
    ],
)
def test_excerpts_are_exact_substrings_with_offsets(text):
    found = screen(text)
    assert found
    for f in found:
        assert f.excerpt and text[f.start : f.end] == f.excerpt


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


# -- text as the patient meant it ------------------------------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    [
        "\u00ad",  # soft hyphen
        "\u200b",  # zero-width space
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\ufeff",  # byte-order mark
        "\U000e0067",  # tag character
    ],
)
def test_invisible_characters_do_not_hide_a_word(hidden):
    text = f"I take gaba{hidden}pentin 600 at night"
    assert "medication" in categories(text) or "dose" in categories(text)
    assert without_invisibles(text) == "I take gabapentin 600 at night"


def test_folding_keeps_the_way_back_to_the_original():
    folded = fold("ＭＲＩ ﬁndings: Straße")
    assert folded.text == "mri findings: strasse"
    start = folded.text.index("findings")
    assert folded.excerpt(start, start + len("findings")) == "ﬁndings"


@pytest.mark.parametrize(
    "text",
    [
        "Café con leche, ¿mañana? Mi RODILLA está hinchada",
        "Straße ﬁne `quoted` \u00adhidden 😩 done",
        "Tôi bị đau lưng dưới hai tháng nay",
        "我妈妈膝盖疼 MRI ok",
        "x" * 50 + "é" * 30 + " ü" * 40,  # many non-ASCII runs
    ],
)
def test_folding_fast_paths_agree_with_folding_each_character(text):
    """fold() folds whole runs at once where it can; each character must fold as on its own."""
    from microsite.screening.normalise import INVISIBLE_RE, _fold_char

    one_by_one = "".join(
        c.lower().replace("`", "'") if c.isascii() else "" if INVISIBLE_RE.match(c) else _fold_char(c) for c in text
    )
    assert fold(text).text == one_by_one


@pytest.mark.parametrize(
    "text",
    [
        "كم مدة الانتظار للموعد؟",  # Arabic "waiting", not "suicide" (انتحار)
        "ana fi intizar el maw3ed, emta?",
        "Bonjour, j'ai une question sur ma facture de septembre",  # "invoice", not "fracture"
    ],
)
def test_words_a_letter_away_from_a_term_in_another_language_are_not_its_misspellings(text):
    from microsite.screening.lexicon import load_lexicons

    assert screen(text) == [], screen(text)
    assert [load_lexicons().fuzzy_term(word) for word in ("انتظار", "intizar", "facture")] == [None, None, None]


def test_words_near_the_knee_and_heel_terms_get_no_tag():
    """French "carrelage" (tiling) is two letters from "cartilage", Portuguese "postou" (posted) and
    "postos" (stations) from "postop": read as misspellings, they gave the model a body part or a
    procedure where there is none (words_not_misspellings.txt)."""
    from microsite.screening.rules import word_tag

    near = ("carrelage", "achille", "postou", "postos", "lineamentos", "tandon")
    assert [word_tag(word) for word in near] == [None] * len(near)
    assert [word_tag(word) for word in ("cartilage", "achilles", "postop", "ligamentos", "tendon")] == [
        "body",
        "body",
        "procedure",
        "body",
        "body",
    ]


def test_arabic_words_are_matched_without_the_article():
    """ "الانتحار" is "انتحار" (suicide) with the article joined to it."""
    from microsite.screening.lexicon import tokens

    assert tokens("ضيق في التنفس بالانتحار الله") == ["ضيق", "في", "تنفس", "انتحار", "الله"]
    found = screen("أفكر في الانتحار كل يوم")
    assert found and found[0].category == "urgent" and found[0].excerpt == "الانتحار"


# -- the model -------------------------------------------------------------------------------------


def test_words_in_syllabic_scripts_are_read_in_shorter_pieces():
    """A Chinese or Ge'ez (Amharic) character is a word or a syllable: pieces of one to three of
    them are as long as three to five letters, and a word's forms share them."""
    from microsite.screening.features import pieces

    assert min(map(len, pieces("backache"))) == 3
    for word in ("背痛", "ራሴን", "ማጥፋት"):  # "back pain"; "myself", "to destroy"
        assert word[0] in pieces(word)
        assert max(map(len, pieces(word))) == 3


def test_run_time_scores_equal_the_sum_of_the_trained_features():
    """model.Model sums kept parts; training counts features.features: they must agree."""
    from microsite.screening.features import features
    from microsite.screening.model import load_model
    from microsite.screening.rules import word_tag

    model = load_model()
    for row in load("dev.jsonl"):
        sentences, clauses = message_of(row["text"]).sentence_words()
        for _, words in sentences + clauses:
            total, count = model._weight(features(words, [word_tag(w) for w in words]))
            assert model._sentence_sums(words) == pytest.approx((total.real, total.imag, count))


def test_the_rules_and_the_model_end_sentences_in_the_same_places():
    """One splitter for both: Chinese, Arabic, Urdu, Hindi and Burmese marks, a colon, a dash
    between spaces and a line break end a sentence; the full stop of "Sra." or "Dr." does not."""

    text = (
        "Cita con la Sra. Pérez: el lunes?! 我的背很痛。谢谢 - ok\nDr. Manvar، شكرا؟ बहुत दर्द है। bye. "
        "好痛！谢谢 ٹھیک ہوں۔ ok ကျေးဇူး။ end"
    )
    message = message_of(text)
    ends = [":", "?!", "。", " - ", "\n", "؟", "।", ".", "!", "۔", "။"]
    assert [message.norm[a:b] for a, b in message.sentence_ends] == ends
    sentences, _ = message.sentence_words()
    assert [message.norm[a:b].strip() for (a, b), _ in sentences] == [
        "cita con la sra. perez:",
        "el lunes?!",
        "我的背很痛。",
        "谢谢 -",
        "ok",
        "dr. manvar، شكرا؟",
        "बहुत दर्द है।",
        "bye.",
        "好痛!",
        "谢谢 ٹھیک ہوں۔",
        "ok ကျေးဇူး။",
        "end",
    ]
    # each word (as the rules read them) is in the same sentence for the rules as for the model
    model_sentence = [next(k for k, ((a, b), _) in enumerate(sentences) if a <= start < b) for start in message.starts]
    rules_sentence = message.sentence
    assert [x == y for x, y in zip(rules_sentence, rules_sentence[1:])] == [
        p == q for p, q in zip(model_sentence, model_sentence[1:])
    ]


def test_sentences_with_commas_are_scored_clause_by_clause_too():
    """A health detail between two commas is scored on its own, not diluted by the request around
    it; a comma inside a number ("1,800") splits nothing."""
    from microsite.screening.features import sentence_words

    text = "Hi, can I book Friday, my knee is bad, thanks. I take 1,800 a day."
    sentences, clauses = message_of(text).sentence_words()
    assert [words for _, words in sentences] == [
        ["hi", "can", "i", "book", "friday", "my", "knee", "is", "bad", "thanks"],
        ["i", "take", "0", "000", "a", "day"],
    ]
    assert [text[a:b] for (a, b), _ in clauses] == ["Hi,", " can I book Friday,", " my knee is bad,", " thanks."]
    assert sentence_words("1,800 mg", ["1", "800", "mg"], [0, 2, 6], [0, 1], []) == ([((0, 8), ["0", "000", "mg"])], [])


def test_long_runs_without_commas_are_scored_in_parts_too():
    """A message dictated or typed without commas is one long sentence; its parts are scored too
    (at most PART_OF_RUN words, in order, all of its words), so that a detail in it is not
    diluted by all the rest. A run of LONG_RUN words is not cut."""
    from microsite.screening.features import LONG_RUN, PART_OF_RUN

    run = " ".join(f"w{k}" for k in range(40))
    sentences, clauses = message_of(f"{run}. Thanks").sentence_words()
    assert [len(words) for _, words in clauses] == [13, 13, 14]
    assert sum((words for _, words in clauses), []) == sentences[0][1]
    assert clauses[1][0] == (run.index("w13"), run.index("w26"))
    # a comma's clauses first, then the long one's parts
    sentences, clauses = message_of(f"Hi, {run}").sentence_words()
    assert [len(words) for _, words in clauses] == [1, 13, 13, 14]
    assert message_of(" ".join(["word"] * LONG_RUN)).sentence_words()[1] == []
    assert max(len(words) for _, words in message_of(" ".join(["word"] * 200)).sentence_words()[1]) <= PART_OF_RUN


def test_clauses_score_as_they_would_alone():
    """Model.scores takes a clause's look-ups from its sentence's: the sums must be its own."""
    from microsite.screening.model import load_model

    model = load_model()
    dictated = " ".join(["okay so um i have this pain in my hip that wakes me up at night"] * 4)
    for text in [row["text"] for row in load("dev.jsonl")] + [dictated]:
        message = message_of(text)
        sentences, clauses = message.sentence_words()
        scores = model.scores(message).clauses
        assert [score.words for score in scores] == [(words,) for _, words in clauses]
        for score, (_, words) in zip(scores, clauses):
            alone = model._scored([(0, 0)], [model._sentence_sums(words)], [()], len(sentences))[0]
            assert (score.medical, score.urgent) == pytest.approx((alone.medical, alone.urgent))


def test_length_counts_only_up_to_its_cap():
    """A span's length is weighed up to a cap (train_model.SETTINGS["length_cap"]), so that a
    long ordinary sentence is not read as medical for its length alone."""
    from microsite.screening.model import load_model

    model = load_model()
    cap = model.length_cap
    short, at, beyond = model._scored(
        [(0, 1)] * 3, [(0.0, 0.0, cap // 4), (0.0, 0.0, cap), (0.0, 0.0, 4 * cap)], [()] * 3, 1
    )
    assert (at.medical, at.urgent) == (beyond.medical, beyond.urgent)
    assert short.medical != at.medical


def test_a_messages_medical_threshold_rises_with_its_number_of_sentences():
    """Each sentence is one more chance of a false alarm: in a message of n sentences, every
    span's medical score is lowered by threshold_per_log_sentence times ln n; its urgent score
    is unchanged."""
    from microsite.screening.model import load_model
    from microsite.screening.tools.train_model import SETTINGS

    model = load_model()
    first = "Can my sister come with me on Friday?"
    rest = [
        "She drives since my car is in the shop.",
        "We can park on Fourth Street if the deck is full.",
        "Her phone number is 704-555-0139.",
        "Thank you for your help.",
    ]
    rise = model.threshold_rise(5)
    assert rise == pytest.approx(SETTINGS["threshold_per_log_sentence"] * math.log(5)) and rise > 0
    alone = model.scores(message_of(" ".join([first, rest[0]])))
    among = model.scores(message_of(" ".join([first, *rest])))
    assert len(among.sentences) == 5
    # a sentence and the pair it makes with the next, alone in a message of two, then among five
    for was, now in ((alone.sentences[0], among.sentences[0]), (alone.pairs[0], among.pairs[0])):
        assert now.medical == pytest.approx(was.medical + model.threshold_rise(2) - rise)
        assert now.urgent == pytest.approx(was.urgent)
    # the rules' support is lowered with them (their bar, relative to the threshold, rises)
    assert among.support([0]) == pytest.approx([v + model.threshold_rise(2) - rise for v in alone.support([0])])


def test_the_urgent_models_bar_rises_with_the_sentences_of_a_message_nothing_else_refuses():
    """Each sentence is one more chance of the urgent model's false alarm too: where nothing else
    refuses a message, its urgent threshold rises by urgent_threshold_per_log_sentence times
    ln n; a message refused anyway is marked urgent at the refused threshold, however long."""
    from microsite.screening.model import Model

    # every span scores 0.5 above the urgent threshold, and far below the medical one
    model = Model(
        {
            "meta": {},
            "medical": {
                "bias": -10.0,
                "threshold": 0.0,
                "rule_threshold": 0.0,
                "urgent_rule_threshold": 0.0,
                "gated_rules": [],
                "threshold_per_log_sentence": 0.0,
            },
            "urgent": {
                "bias": 0.5,
                "threshold": 0.0,
                "refused_threshold": -1.0,
                "figurative_phrases": [],
                "threshold_per_log_sentence": 1.0,
            },
            "features": {},
            "length": {"weights": [0.0, 0.0], "cap": 300},
            "categories": {"classes": ["symptom"], "bias": [0.0], "features": {}},
        }
    )
    assert model.urgent_rise(1) == 0.0 and model.urgent_rise(3) == pytest.approx(math.log(3))
    one = "Can my sister come with me on Friday?"
    three = f"{one} She drives since my car is in the shop. Thank you."
    assert [f.category for f in screen(one, model)] == ["urgent"]
    assert screen(three, model) == []  # ln 3 > 0.5
    # refused for its identifier (ln 4 > 0.5 too), it is marked urgent
    refused = screen(f"{three} My medicaid # is 1234 5678 9X.", model)
    assert refused and refused[0].category == "urgent"


def test_run_time_scores_are_trainings_up_to_the_length_cap():
    """Model scores a sentence as the fitted regression does (its length included), less the rise
    of its message's threshold (Model.threshold_rise), as long as the sentence is no longer than
    the cap."""
    from microsite.screening.tools.train_model import SETTINGS, examples, fit, model_of

    settings = {**SETTINGS, "rounds": 1, "prune": 0.0}
    train = examples(load("dev.jsonl") + load("extra.jsonl"))
    fitted = fit(train, settings)
    model = model_of(fitted, settings)
    compared = 0
    for ex in train:
        sentences = ex.units[: ex.sentence_count]
        trained = fitted.medical.decision_function(fitted.vocab.matrix(sentences))
        scores = model.scores(message_of(ex.text)).sentences
        raised = model.threshold_rise(ex.sentence_count)
        for unit, expected, score in zip(sentences, trained, scores):
            if len(unit) <= model.length_cap:
                # each weight is stored to two decimals (train_model._rounded): these sentences'
                # scores are off by 0.004 on average, 0.016 at most
                assert score.medical == pytest.approx(expected - raised, abs=0.025)
                compared += 1
    assert compared > 100


def test_model_file_is_small_and_says_what_it_was_trained_on():
    from microsite.screening.model import MODEL_FILE, load_model
    from microsite.screening.tools.train_model import corpus_rows

    assert MODEL_FILE.stat().st_size <= 5 * 1024 * 1024
    assert load_model().meta["corpus_messages"] == len(corpus_rows())


def test_the_lexicons_read_the_corpus_as_the_model_learned_it():
    """A lexicon change that tags a corpus word otherwise (a new term, or a word newly read as its
    misspelling), or puts an urgent phrase in an ok message, makes the model read other facts than
    it was trained on: this names them in seconds, where the training-command test takes minutes."""
    from microsite.screening.model import load_model
    from microsite.screening.tools.train_model import corpus_rows, lexicon_reading

    model = load_model()
    learned, (tags, figurative) = model.meta["tagged_words"], lexicon_reading(corpus_rows())
    moved = [
        f"{word}: trained as {learned.get(word)}, now {tags.get(word)}"
        for word in sorted(learned.keys() | tags.keys())
        if learned.get(word) != tags.get(word)
    ]
    moved += [
        f"urgent phrase {phrase!r}: {'in' if phrase in figurative else 'no longer in'} an ok corpus message"
        for phrase in sorted(model.figurative.symmetric_difference(figurative))
    ]
    if moved:
        pytest.fail(
            f"{len(moved)} of the model's lexicon facts moved: retrain it (make screening-model), or keep a"
            " word from being read as a misspelling (words_not_misspellings.txt) or by its ending"
            " (suffix_exceptions.txt)\n" + "\n".join(moved),
            pytrace=False,
        )


def test_every_corpus_file_is_left_out_by_one_cross_source_group():
    """benchmarks/screening.py --cross-source trains without each group of corpus files in turn:
    a file in no group is never measured as unseen, and one in two is left out twice."""
    import importlib.util

    path = DATA.parent.parent / "benchmarks" / "screening.py"
    spec = importlib.util.spec_from_file_location("screening_benchmark", path)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    for corpus_file in (DATA / "corpus").glob("*.jsonl"):
        groups = [
            name for name, prefixes in benchmark.SOURCE_GROUPS.items() if corpus_file.name.startswith(tuple(prefixes))
        ]
        assert len(groups) == 1, (corpus_file.name, groups)


def test_the_shipped_model_is_what_the_training_command_builds(tmp_path):
    """`make screening-model` on this corpus gives the model in the package (to rounding)."""
    from microsite.screening.model import MODEL_FILE
    from microsite.screening.tools.train_model import build

    built = build(tmp_path / "model.json.gz")
    with MODEL_FILE.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        shipped = json.load(text)
    assert built["meta"] == shipped["meta"]
    for part in ("medical", "urgent"):
        numbers = {key: value for key, value in shipped[part].items() if not isinstance(value, list)}
        assert {key: built[part][key] for key in numbers} == pytest.approx(numbers, abs=2e-3)
        assert built[part].keys() == shipped[part].keys()
    assert built["medical"]["gated_rules"] == shipped["medical"]["gated_rules"]
    assert built["urgent"]["figurative_phrases"] == shipped["urgent"]["figurative_phrases"]
    assert built["categories"]["classes"] == shipped["categories"]["classes"]
    assert built["length"]["cap"] == shipped["length"]["cap"]
    assert built["length"]["weights"] == pytest.approx(shipped["length"]["weights"], abs=1e-4)
    # a weight close to the pruning limit may fall on either side of it on another machine
    common = built["features"].keys() & shipped["features"].keys()
    assert len(common) >= 0.999 * max(len(built["features"]), len(shipped["features"]))
    drift = max(abs(a - b) for name in common for a, b in zip(built["features"][name], shipped["features"][name]))
    assert drift < 2e-3


# -- speed -----------------------------------------------------------------------------------------


def test_long_messages_are_fast():
    rows = load("dev.jsonl")
    text = " ".join(r["text"] for r in rows)[:2000]
    screen(text)  # the lexicons and the model load once per process
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        screen(text)
    mean = (time.perf_counter() - start) / rounds
    assert mean < 0.01, f"{mean * 1e3:.2f} ms for a 2,000-character message"


# -- the lexicons ----------------------------------------------------------------------------------


def test_every_lexicon_file_says_where_it_came_from_and_is_used():
    from microsite.screening.lexicon import KIND_FILES, LEXICON_DIR

    files = sorted(p.name for p in LEXICON_DIR.iterdir() if p.name.endswith(".txt"))
    extra = {"disclosures.txt", "not_misspellings.txt", "words_not_misspellings.txt", "suffix_exceptions.txt"}
    assert set(files) == set(KIND_FILES) | extra
    for name in files:
        head = LEXICON_DIR.joinpath(name).read_text(encoding="utf-8").splitlines()[:3]
        assert any("source" in line.lower() or "generated" in line.lower() for line in head), name


def test_a_word_added_to_a_lexicon_is_found(monkeypatch, tmp_path):
    """What docs/screening.md tells staff: add a line to a lexicon file, and it is matched."""
    from microsite.screening import lexicon, rules

    for path in lexicon.LEXICON_DIR.iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "drugs.txt", "a", encoding="utf-8") as f:
        f.write("zorbivex\n")
    text = "I'm taking zorbivex twice daily"
    assert "I'm taking zorbivex" not in [f.excerpt for f in screen(text)]
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    lexicon.load_lexicons.cache_clear()
    try:
        assert ("medication", "I'm taking zorbivex") in [(f.category, f.excerpt) for f in screen(text)]
    finally:
        monkeypatch.undo()
        lexicon.load_lexicons.cache_clear()
        rules.word_tag.cache_clear()  # its tags were the temporary lexicons
