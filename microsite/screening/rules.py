"""Rules that decide whether a message discloses personal health information.

A term from the lexicons (a drug, a symptom, a body part ...) is only a topic. It becomes a
disclosure when the message ties it to a person: a possessive ("my sciatica"), a subject with a
verb of having or feeling ("my wife has fibromyalgia", "feeling hopeless"), taking a medicine
("been on gabapentin"), a result ("my MRI showed"), an outcome ("the nerve block didn't help"),
or a body part in a state ("knee is swollen"). Doses are found by pattern. The rules read the
folded text (normalise.fold); every finding is a span of it, (category, start, end), which the
screener maps back to the words as written.

Urgent phrases are tagged here too; urgent.py reports them. Identifiers are in identifiers.py.
"""

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from .features import CJK_RE, PERSON, sentence_words
from .lexicon import INDIC_RE, PLAIN_TOKEN_RE, TOKEN_RE, Lexicons, Starts, load_lexicons, word_forms
from .normalise import Folded
from .sentences import sentence_ends

Span = tuple[str, int, int]
GENERIC_MEDICINE = "generic_medicine"  # the category of a rule's finding of GENERIC_MEDICINE_WORDS
# The categories of disclosures.txt's "stated_" phrases: a pain in a named part of the body or a
# pregnancy, stated with its person in another language; unlike other symptoms and pregnancies
# they stand without the model's agreement, which is least sure in the languages it has least of.
STATED = {"stated_symptom": "symptom", "stated_pregnancy": "pregnancy"}
# The word lists keep their hand-wrapped lines, to read as lists.
# fmt: off
CATEGORY_OF_KIND = {
    "drug": "medication", "symptom": "symptom", "condition": "condition", "body": "symptom",
    "procedure": "procedure", "test": "test_result", "lab": "test_result",
    "mental": "mental_health", "injury": "injury", "pregnancy": "pregnancy", "urgent": "urgent",
}

FIRST_SUBJECTS = {"i", "i'm", "i've", "i'd", "i'll"}
THIRD_SUBJECTS = {"he", "she", "he's", "she's"}
# Contractions and Spanish verbs that carry their own subject ("I'm", "tengo" = I have).
SELF_SUBJECT_VERBS = {"i'm", "i've", "he's", "she's", "tengo", "estoy", "padezco", "sufro"}
POSSESSIVES = {"my", "his", "her", "our", "their", "mi", "mis", "su", "sus"}
RELATIVES = {
    "mom", "mother", "mum", "mama", "dad", "father", "papa", "son", "daughter", "wife",
    "husband", "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "spouse", "child",
    "kid", "baby", "brother", "sister", "grandma", "grandmother", "grandpa", "grandfather",
    "aunt", "uncle", "cousin", "niece", "nephew", "friend", "neighbor", "neighbour", "parent",
    "stepson", "stepdaughter", "grandson", "granddaughter", "teen", "teenager", "toddler",
    "madre", "padre", "hijo", "hija", "esposo", "esposa", "marido", "hermano", "hermana",
    "abuelo", "abuela", "nieto", "nieta", "tio", "tia", "bebe", "novio", "novia", "law",
}
HAVE_VERBS = {
    "have", "has", "had", "having", "got", "get", "gets", "getting", "suffer", "suffers",
    "suffering", "suffered", "experience", "experiences", "experiencing", "experienced",
    "developed", "develop", "battling", "fighting", "i've", "tengo", "tiene", "tenia", "tuve",
    "padezco", "padece", "sufro", "sufre",
}
COPULAS = {"am", "is", "are", "was", "were", "been", "being", "be", "i'm", "he's", "she's",
           "estoy", "esta", "estaba"}
# Verbs that open a sentence about oneself with the subject left out ("Had surgery in May").
SUBJECT_DROP_VERBS = {"had", "been", "having", "got", "getting", "suffering", "experiencing",
                      "taking", "started", "stopped", "feeling", "felt", "tried", "fell", "broke",
                      "hurt", "sprained", "twisted", "tore", "tengo", "estoy", "tome", "tomo"}
FEEL_VERBS = {"feel", "feels", "feeling", "felt", "siento", "sentir"}
BECOME_VERBS = {"get", "gets", "getting", "got", "become", "becomes", "became"}
# Adverbs that may stand between a subject and its verb ("I have recently been ...").
SUBJECT_GAP = {
    "just", "recently", "already", "also", "still", "have", "has", "had", "been", "was",
    "were", "is", "am", "are", "finally", "actually", "now", "currently", "always", "never",
    "only", "really", "do", "does", "did", "not", "ever", "both", "all", "then",
    "constantly", "often", "sometimes", "lately", "de", "ya", "siempre", "nunca", "no",
    "keep", "keeps", "kept",
}
# Words that may stand between a verb or possessive and the health term it governs.
TERM_GAP = {
    "a", "an", "the", "some", "this", "these", "that", "those", "my", "his", "her", "their",
    "our", "mi", "mis", "su", "sus", "un", "una", "el", "la", "los", "las", "de", "del", "mucho",
    "mucha", "muchos", "muy", "bad", "really", "very", "so", "severe", "terrible", "horrible",
    "awful", "chronic", "constant", "sharp", "mild", "lower", "upper", "left", "right", "both",
    "new", "bouts", "bout", "episodes", "episode", "history", "lot", "lots", "of", "been",
    "being", "diagnosed", "with", "from", "had", "having", "got", "getting", "little", "bit",
    "kind", "sort", "always", "still", "also", "now", "again", "recently", "just", "ever",
    "extreme", "intense", "dull", "nagging", "persistent", "ongoing", "sudden", "weird",
    "strange", "frequent", "daily", "occasional", "two", "three", "several", "many",
    "multiple", "few", "more", "worse", "early", "stage", "late", "middle", "herniated",
    "pinched", "bulging", "torn", "broken", "swollen", "inflamed", "infected", "untreated",
    "old", "usual", "regular", "whole", "entire", "own", "same", "pretty", "such", "minor",
    "major", "big", "small", "huge", "real", "serious", "crazy", "dolor",
    "induced", "related", "associated", "onset", "type",
}
GAP_KINDS = frozenset({"body", "symptom", "condition"})  # the kinds of term that may stand in a gap too
# Words that end the stretch between a verb and its object ("I have a question about asthma").
GAP_STOPS = {"about", "regarding", "for", "to", "on", "at", "in", "question", "questions",
             "appointment", "you", "your", "if", "and", "or", "but", "because", "article",
             "information", "info", "interest", "idea", "no", "not"}
ADJECTIVE_ENDINGS = ("al", "ic", "ous", "ive", "ary", "ing", "ful", "less")
INTENSIFIERS = {
    "so", "really", "very", "a", "bit", "little", "kind", "of", "kinda", "sort", "pretty", "too",
    "extremely", "quite", "rather", "super", "totally", "completely", "always", "constantly",
    "more", "not", "lately", "muy", "un", "una", "poco", "tan", "still", "again", "all", "now",
    "getting", "just", "even", "already",
}
FEEL_STATES = {"worse", "awful", "terrible", "lousy", "off", "weird", "strange", "funny",
               "rough", "crappy", "horrible", "mal", "bad", "faint", "triste", "fatal"}
MOODS = {"afraid", "scared", "frightened", "anxious", "nervous", "depressed", "sad", "down",
         "overwhelmed", "stressed", "panicky", "hopeless", "worthless", "lonely", "empty",
         "miserable", "suicidal", "deprimido", "deprimida", "ansioso", "ansiosa", "triste"}
# What follows a feeling word when it is a figure of speech ("feel bad about", "anxious to meet").
FIGURATIVE_NEXT = {"about", "for", "that", "to", "like", "of", "and"}
FEEL_OR_BECOME = FEEL_VERBS | BECOME_VERBS
BODY_STATE_VERBS = {"is", "are", "was", "were", "feels", "feel", "felt", "keeps", "kept", "has",
                    "have", "been", "gets", "get", "got", "turned", "turns", "turn", "went", "goes",
                    "go", "looks", "look", "esta", "estan", "se", "started", "keep", "still"}
# The base forms count only when the body part is someone's ("my fingers go numb", "my hands and
# feet turn blue"): with no owner they are as often about a place ("the first few feet get frozen").
OWNED_STATE_VERBS = {"go", "get", "turn"}
BODY_STATES = {"purple", "blue", "black", "white", "red", "swollen", "numb", "hot", "cold",
               "broken", "killing", "stiff", "locked", "weak", "dead", "tingling", "bruised",
               "bleeding", "infected", "sore", "tender", "inflamed", "worse", "frozen",
               "hinchado", "hinchada", "morado", "morada", "giving", "throbbing", "burning"}
BODY_PREPOSITIONS = {"in", "on", "down", "to", "around", "at", "into", "en", "through", "up"}
BODY_SYMPTOM_VERBS = {"hurts", "hurt", "aches", "ache", "tingle", "tingles", "throbs", "burns",
                      "swelled", "swells", "cramps", "spasms", "duele", "duelen"}
ISSUE_WORDS = {"issue", "issues", "problem", "problems", "trouble", "troubles", "condition",
               "conditions", "infection", "infections", "disease"}
CONDITION_ENDINGS = ("itis", "osis", "pathy", "algia", "emia", "oma", "omas", "iasis",
                     "trophy", "plegia")
PROCEDURE_ENDINGS = ("ectomy", "otomy", "ostomy", "plasty", "oscopy")
TAKE_VERBS = {"taking", "take", "takes", "took", "using", "use", "uses", "used", "started",
              "starting", "stopped", "stopping", "quit", "tried", "trying", "prescribed",
              "gave", "given", "put", "increased", "decreased", "doubled", "tomar", "tomando",
              "tomo", "toma", "tome", "tomarla", "recetaron", "receto", "recetado", "mando",
              "dieron"}
# Verbs that are personal only with someone receiving the drug ("gave me", "put him on").
PATIENT_NOUNS = {"patient", "one", "lady", "guy", "man", "woman", "person", "gentleman"}
GIVE_VERBS = {"gave", "given", "put", "prescribed"}
RECIPIENTS = {"me", "him", "her", "us", "le", "nos"}
# What may stand between a copula and "broke" (_broke_for_money), and what is broken after it.
BROKE_ADVERBS = INTENSIFIERS | {"flat", "dead", "freaking", "fricking", "literally", "basically"}
BROKEN_OBJECTS = {"my", "his", "her", "their", "our", "your", "a", "an", "the", "both", "one", "two", "it"}
# Spanish says whose drug ran out, was forgotten or lost with "se me ..." ("se me acabó la
# gabapentina", "se le quedaron las pastillas").
LOSE_VERBS = {"acabo", "acabaron", "acaba", "acaban", "termino", "terminaron", "termina", "terminan",
              "olvido", "olvidaron", "quedo", "quedaron", "perdio", "perdieron"}
SPANISH_DATIVES = {"me", "te", "le", "nos", "les"}
SELF_TAKE_VERBS = {"tomando", "tomo", "recetaron", "receto", "recetado", "mando", "dieron",
                   "tomarla", "tome"}
ON_PRECEDERS = {"i'm", "am", "is", "was", "were", "been", "be", "he's", "she's", "currently",
                "still", "now", "already", "me", "him", "her", "started", "stayed", "off"}
DRUG_GAP = {"a", "an", "the", "this", "that", "these", "some", "my", "his", "her", "un", "una",
            "el", "la", "las", "new", "generic", "daily", "low", "high", "dose", "of", "me", "him",
            "also", "still", "on", "all", "prescription", "nightly", "doses", "over", "across",
            "counter"}
# Words that name no particular medicine: someone's medicines also come up in logistics ("should
# we bring her medicines?", "list my medications on the portal"), and "med" is also a student's.
# Findings of these alone (with "pain": "my pain meds") are the gated rule GENERIC_MEDICINE,
# reported as a medication (screener.py): of the corpus's messages holding one, 909 of 952 are
# medical (95.5%, under the 97% at which rules are gated); holding a named medicine's, 1,786 of
# 1,820.
GENERIC_MEDICINE_WORDS = {"medication", "medications", "meds", "med", "medicine", "medicines", "prescription",
                          "prescriptions", "rx", "pills", "pill", "tablets", "capsules", "medicamento",
                          "medicamentos", "medicina", "medicinas", "pastilla", "pastillas", "tabletas",
                          "receta", "recetas", "pain"}
DRUG_EFFECT_WORDS = {"me", "him", "her"}
# what puts a person's trouble down to a condition, before it (rules._attributed)
ATTRIBUTIONS = {("related", "to"), ("due", "to"), ("caused", "by"), ("because", "of")}
# what someone died of (rules._died_of): "my brother died of cancer", "passed away from",
# "mi papá murió de/por/a causa de", "died of complications from diabetes"
DEATH_VERBS = {"died", "passed", "murio", "fallecio", "murieron", "fallecieron"}
DEATH_GAP = {"of", "from", "away", "de", "del", "por", "a", "causa", "complications", "complicaciones"}
# verbs of liking and wishing after "y me" (a new clause): "leí su artículo sobre la gabapentina
# y me gustó", "parches de lidocaína y me gustaría dejar muestras" tell the writer's opinion or
# wish, not what the drug did to anyone ("me da sueño"); but "la gabapentina me gusta porque
# duermo mejor" is the drug's
OPINION_VERBS = {"gusta", "gustan", "gusto", "gustaria", "gustado", "encanta", "encanto", "encantaria",
                 "encantado", "parece", "parecio", "parecia", "parecido", "interesa", "intereso",
                 "interesaria", "interesado"}
DRUG_FAILURE = ("isn't working", "not working", "stopped working", "wore off", "didn't help",
                "doesn't help", "isn't helping", "not helping", "hasn't helped", "isn't touching",
                "not touching", "doesn't work", "didn't work")
RESULT_WORDS = {"showed", "shows", "showing", "revealed", "reveals", "found", "indicated",
                "indicates", "confirmed", "says", "said", "came", "come", "positive", "negative",
                "abnormal", "salio", "salieron", "mostro", "muestra"}
OUTCOME_PHRASES = ("didn't", "did not", "only helped", "helped", "worked", "failed", "wore off",
                   "stopped working", "made it worse", "no longer", "isn't helping",
                   "hasn't helped", "doesn't help", "not helping", "didn't do much")
DIAGNOSED = {"diagnosed", "diagnost", "diagnosticado", "diagnosticada", "diagnosticaron",
             "diagnosticarme"}
TESTED = {"tested", "testing"}
BURNS = {"burned", "burnt"}
# what burns nobody's skin: "I've been burned by facility fees", "burned by another practice"
BURNED_BY_NOBODY = {"fee", "fees", "bill", "bills", "billing", "charge", "charges", "price",
                    "prices", "cost", "costs", "estimate", "estimates", "insurance", "insurer",
                    "insurers", "office", "offices", "clinic", "clinics", "practice", "practices",
                    "company", "companies", "provider", "providers", "people", "promises", "deal",
                    "deals", "contract", "contracts", "scheduling", "paperwork"}
# what a supplier sells, after "our" or "their" and a medical word: "our injection trays",
# "their nerve block kits" (a term is then a kind of product, not anyone's health)
PRODUCT_NOUNS = {"tray", "trays", "kit", "kits", "products", "catalog", "catalogue", "portfolio",
                 "drapes", "newsletter", "outreach"}
# where a worker works, the same way: "our rehab facility", "their surgery center"; but a family
# has its places too ("my parents go to their dialysis center"), so only where no person is named
# before the possessive in its sentence
PLACE_NOUNS = {"facility", "facilities", "center", "centers", "centre", "centres", "unit", "units",
               "department", "dept", "team", "staff"}
# what "pain" names when a provider follows it: "her old pain doctor", "my pain clinic" (_meant_of_no_health)
PAIN_PROVIDERS = {"doctor", "doctors", "doc", "dr", "specialist", "specialists", "clinic", "clinics", "practice",
                  "practices", "physician", "provider", "providers", "office", "center", "team"}
# the tasks one can be "hopeless at": "hopeless at filling out forms", "at paperwork" (_bad_at)
TASKS = {"forms", "paperwork", "math", "maths", "computers", "technology", "tech", "directions", "names",
         "spelling", "phones", "filling", "typing", "texting", "cooking", "parking", "remembering",
         "organizing", "organising", "printing", "scanning", "uploading", "emailing"}
# what a toddler or a dog "tore up": a thing, not a knee (_tore_up_a_thing)
TORN_THINGS = {"note", "notes", "card", "cards", "paper", "papers", "paperwork", "form", "forms", "letter",
               "letters", "bill", "bills", "check", "receipt", "list", "schedule", "ticket", "mail", "envelope",
               "book", "books", "homework", "couch", "carpet", "yard", "garden", "pillow", "box", "reminder"}
# who takes nothing: "neither of us takes it, just curious" (_taken_by_no_one), and what may name
# someone who does: "none of us takes it, except my husband"
NO_ONE = {"neither", "nobody", "none", "nadie", "ninguno", "ninguna"}
NO_ONE_GAP = {"of", "us", "them", "you"}
BUT_WORDS = {"but", "except", "only", "besides", "though", "apart"}
# what a worker has learned, after a procedure: "I have my phlebotomy certification", "my
# injection training" (a skill, not something done to anyone)
CREDENTIAL_NOUNS = {"certification", "certifications", "certificate", "certificates", "cert",
                    "certs", "license", "licence", "class", "classes", "course", "courses",
                    "training", "instructor", "degree", "skills"}
# "pt" that is not physical therapy: a soldier's physical training test, a patient portal, or, after
# "new", a new patient's papers (_not_done_to_anyone)
PT_NOT_THERAPY = {"test", "tests", "portal"}
NEW_PATIENT_PAPERS = {"form", "forms", "packet", "paperwork", "intake", "registration"}
# An animal's health is not a person's (policy.md: "the writer or another person"): "her" in "my
# cat has her dental surgery" is the cat's, where an animal of its number is named near enough to
# be "her" and nobody else is: no relative, no "she", no one who looks after it (a name may be
# the animal's: "my dog, Bella, is having her knee surgery")
ANIMALS = {"dog", "puppy", "pup", "cat", "kitten", "horse", "mare", "gelding", "stallion", "pony",
           "foal", "filly", "colt", "donkey", "mule", "cow", "heifer", "goat", "ewe", "lamb", "pig",
           "hen", "rooster", "bird", "parrot", "rabbit", "bunny", "hamster", "ferret", "perro",
           "perra", "perrito", "perrita", "gato", "gata", "gatito", "caballo", "yegua", "vaca",
           "cabra", "mascota"}
HERDS = {"dogs", "puppies", "cats", "kittens", "horses", "cows", "cattle", "heifers", "goats",
         "sheep", "pigs", "hens", "chickens", "birds", "rabbits", "herd", "flock", "perros", "gatos",
         "caballos", "vacas", "cabras", "gallinas", "mascotas"}
ANIMAL_POSSESSIVES = {"his": ANIMALS, "her": ANIMALS, "su": ANIMALS, "their": HERDS, "sus": HERDS}
ANIMAL_KEEPERS = THIRD_SUBJECTS | {"ella", "him", "sitter", "walker", "groomer", "trainer", "roommate",
                                   "coworker", "boss", "nanny", "aide", "caregiver", "vecino", "vecina",
                                   "suegro", "suegra", "amigo", "amiga"}
# "he's been a real pain in my neck": a person or a chore, not a body (the words that may stand
# before "a", between it and "pain", and the parts the idiom names)
PAIN_IDIOM_BEFORE = COPULAS | {"it's", "that's", "you're", "they're", "what's", "who's", "such"}
PAIN_IDIOM_ADJECTIVES = {"real", "big", "total", "huge", "royal", "major"}
PAIN_IDIOM_PARTS = {"neck", "butt", "ass", "rear", "backside", "behind"}
QUESTION_STARTS = {"do", "does", "can", "could", "will", "would", "is", "are", "what", "how",
                   "why", "which", "where", "who", "when", "what's", "have", "has", "any",
                   "tienen", "atienden", "hacen", "ofrecen", "que", "como", "cual"}
PERSONAL_WORDS = FIRST_SUBJECTS | THIRD_SUBJECTS | POSSESSIVES | {
    "me", "him", "myself", "tengo", "estoy", "le", "we", "us"}
MODALS = {"should", "can", "could", "may", "must", "do"}
ADVICE_SUBJECTS = {"i", "we", "he", "she"}
ADVICE_NEED_OBJECT = {"take", "cut", "split", "double", "skip", "mix", "combine", "continue",
                      "keep", "stop", "quit", "increase", "decrease", "lower", "raise", "wean",
                      "taper", "use", "up"}
ADVICE_OBJECTS = {"half", "another", "more", "extra", "both", "less", "taking", "using"}
ES_ADVICE_VERBS = {"tomar", "dejar", "suspender", "aumentar", "bajar", "combinar", "mezclar",
                   "seguir"}
PRONOUN_TAKES = {"tomarla", "tomarlo", "tomarlas", "tomarlos", "tomandola", "tomandolo"}
TOKEN_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")  # the tokens, and what stands between them
PLAIN_SPLIT_RE = re.compile(f"({PLAIN_TOKEN_RE.pattern})")  # the same in most texts (lexicon.py), found faster
ASCII_SPLIT_RE = re.compile(r"([a-zA-Z0-9]+(?:'[a-zA-Z0-9]+)?)")  # the same in ASCII text, faster still
NON_ASCII_WORD_RE = re.compile(r"[^\W\x00-\x7f]")  # a letter or digit beyond ASCII
SPINAL_LEVEL_RE = re.compile(r"\b[clts][1-9]\d?(?:\s?-\s?[clts]?[1-9]\d?)?\b")
DIGITS_RE = re.compile(r"\d\d*")  # (the same as \d+, found faster: it opens with a set)
DOSE_RE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mgs|mcg|ug|milligrams?|micrograms?|ml)\b")
FREQUENCY_RE = re.compile(r"\b(?:once|twice|\d+ ?x|\d+ times|two times|three times|four times)"
                          r" (?:a|per|al) (?:day|dia)\b")
# First word -> patterns tried at each occurrence of that word.
ADVICE_RES = (
    ("is", re.compile(r"is it (?:safe|ok|okay|alright|dangerous|bad|normal) for (?:me|him|her|my \w+)"
               r" to\b")),
    ("how", re.compile(r"how (?:much|many|often|long) (?:should|can|do|does) (?:i|he|she|we|my \w+)"
               r" (?:take|use)\b")),
    ("what", re.compile(r"what (?:should|can|do) (?:i|he|she|we) (?:take|use|do) (?:for|about)"
               r" (?:my|his|her|this|the)\b")),
    ("should", re.compile(r"(?:should|can|do) (?:i|we|he|she) go to (?:the )?(?:er|emergency|hospital"
               r"|urgent care)\b")),
)
ADVICE_BY_WORD = {word: [p for w, p in ADVICE_RES if w == word] for word, _ in ADVICE_RES}
ADVICE_BY_WORD["can"] = ADVICE_BY_WORD["do"] = ADVICE_BY_WORD["should"]


# fmt: on


class Term(NamedTuple):
    start: int  # token index
    end: int  # token index, exclusive
    kinds: frozenset


class Message:
    """One message, folded, tokenised and tagged with lexicon terms."""

    def __init__(self, folded, lexicons: Lexicons):
        self.folded = folded
        self.norm = folded.text
        self.lex = lexicons
        # split() gives separators and tokens in turn; their lengths give every offset, without
        # a Python step per token.
        parts = _split(self.norm)
        offsets = list(accumulate(map(len, parts)))
        self.tokens = parts[1::2]  # as written (but folded)
        self.words = word_forms(self.tokens, self.norm)
        self.starts = offsets[0:-1:2]
        self.ends = offsets[1::2]
        self.sentence_ends = sentence_ends(self.norm)  # (start, end) of each one's marks
        self.boundaries = [start for start, _ in self.sentence_ends]
        self.wordset = set(self.words)
        # tokens holding a number ("300mg", "l4", "521-44-0917"): where doses and IDs start
        self.numeric = sorted({bisect_right(self.starts, m.start()) - 1 for m in DIGITS_RE.finditer(self.norm)} - {-1})
        # each token's sentence: the number of boundaries at or before it, by runs of tokens
        cuts = [bisect_left(self.starts, b) for b in self.boundaries] + [len(self.starts)]
        self.sentence = list(chain.from_iterable(repeat(k, b - a) for k, (a, b) in enumerate(zip([0] + cuts, cuts))))
        self.terms: list[Term] = []
        self.kinds = [frozenset()] * len(self.words)
        self.disclosures: list[Span] = []
        self.keyword_starts: list[int] | None = None  # identifiers.py's, once found
        self._tag()

    def sentence_words(self) -> tuple[list, list]:
        """The model's sentences and clauses, each as its span and words (features.sentence_words)."""
        return sentence_words(self.norm, self.tokens, self.starts, self.numeric, self.sentence_ends)

    # -- tagging -----------------------------------------------------------------------------

    def _longest(self, starts: Starts, i: int):
        """The end and kinds of the longest of the phrases ``starts`` (those of token i's word)
        at token i, or None."""
        if i + 1 < len(self.words):
            for rest, kinds, glued in starts.longer.get(self.words[i + 1], ()):
                if tuple(self.words[i + 1 : i + 1 + len(rest)]) == rest and self._touch(i, glued):
                    return i + 1 + len(rest), kinds
        return (i + 1, starts.alone) if starts.alone else None

    def _touch(self, i: int, glued: tuple) -> bool:
        """Whether words i + k and i + k + 1 touch, for each k in ``glued``."""
        return all(self.ends[i + k] == self.starts[i + k + 1] for k in glued)

    def _tag(self) -> None:
        words, n, known = self.words, len(self.words), self.lex.term_starts
        end = 0
        starts = self._term_starts()
        for i in [i for i, word in enumerate(words) if word in starts]:
            hit = self._longest(known[words[i]], i) if i >= end else None
            if hit is None:
                continue
            end, kinds = hit
            # "eye issue", "swelling issues": a body part or symptom made into a problem
            if end < n and words[end] in ISSUE_WORDS and kinds & {"body", "symptom", "test"}:
                end, kinds = end + 1, kinds | {"symptom"}
            self.terms.append(Term(i, end, kinds))
            for k in range(i, end):
                self.kinds[k] = kinds
        disclosures = self.lex.disclosures
        for i in [i for i, word in enumerate(words) if word in disclosures]:
            hit = self._longest(disclosures[words[i]], i)
            if hit:
                end, categories = hit
                self.disclosures.append((min(categories), i, end))

    def _term_starts(self) -> set[str]:
        """The message's words that can start a term (_term_starts_of): worked out once for
        each different word, and kept in the lexicons with what they start."""
        lex = self.lex
        for word in (self.wordset - lex.other_words).difference(lex.term_starts):  # (most words can't)
            if len(lex.other_words) >= 1 << 16:
                lex.other_words.clear()
            starts = _term_starts_of(word, lex)
            if starts:
                lex.term_starts[word] = starts
            else:
                lex.other_words.add(word)
        return lex.term_starts.keys() & self.wordset

    # -- context helpers ---------------------------------------------------------------------

    def same_sentence(self, a: int, b: int) -> bool:
        n = len(self.sentence)
        return 0 <= a < n and 0 <= b < n and self.sentence[a] == self.sentence[b]

    def sentence_span(self, k: int) -> tuple[int, int]:
        """Where sentence k (of ``sentence``) starts and ends in the text."""
        ends = [0, *self.boundaries, len(self.norm)]
        return ends[k], ends[k + 1]

    def is_relative(self, i: int) -> bool:
        return _relative(self.words[i])

    def is_capitalised(self, i: int) -> bool:
        """A capitalised word inside a sentence: an eponym such as "Wilson's" or "Lynch"."""
        return self.folded.char(self.starts[i]).isupper() and self.same_sentence(i - 1, i)

    def between(self, i: int) -> str:
        """The characters between word i and the next: spaces, punctuation, a hyphen."""
        return self.norm[self.ends[i] : self.starts[i + 1]]

    def gap_ok(self, i: int) -> bool:
        return _gap_word(self.words[i]) or not self.kinds[i].isdisjoint(GAP_KINDS) or self.is_capitalised(i)

    def possessor(self, i: int, reach: int = 3) -> int | None:
        """Index of the possessive tying the term at ``i`` to a person ("my lower back pain")."""
        for p in range(i - 1, i - 1 - reach, -1):
            if not self.same_sentence(p, i):
                return None
            word = self.words[p]
            if word in POSSESSIVES or (word.endswith("'s") and self.is_relative(p)):
                return p
            if not self.gap_ok(p):
                return None
        return None

    def subject_of(self, verb: int) -> int | None:
        """Index of the person doing ``verb``; the verb itself when the subject is implied."""
        if self.words[verb] in SELF_SUBJECT_VERBS:
            return verb
        p = verb - 1
        while self.same_sentence(p, verb) and self.words[p] in SUBJECT_GAP and verb - p <= 3:
            p -= 1
        if not self.same_sentence(p, verb):
            # a sentence that opens with the verb: "Had surgery in May", "been on ..."
            return verb if self.words[verb] in SUBJECT_DROP_VERBS else None
        word = self.words[p]
        if word in FIRST_SUBJECTS or word in THIRD_SUBJECTS or self.is_relative(p):
            return p
        return None

    def verb_link(self, i: int, verbs: set, free: int = 0) -> int | None:
        """Start of "<person> <verb> ... <term at i>", or None. ``free`` words outside the
        usual modifiers may stand in between (disease names have unusual ones)."""
        for p in range(i - 1, i - 5, -1):
            if not self.same_sentence(p, i):
                return None
            if self.words[p] in verbs:
                return self.subject_of(p)
            if not self.gap_ok(p):
                if free == 0 or self.words[p] in GAP_STOPS:
                    return None
                free -= 1
        return None

    def general_question(self, i: int) -> bool:
        """Whether token i sits in a general question with no person in it ("Do you treat ...?")."""
        first = i
        while self.same_sentence(first - 1, i):
            first -= 1
        if self.words[first] not in QUESTION_STARTS:
            return False
        return not self.personal_before(i, len(self.words), reach=len(self.words))

    def personal_before(self, i: int, end: int, reach: int = 6) -> bool:
        """Whether a person is named in i's sentence, from ``reach`` words before i up to end."""
        k = i - 1
        while self.same_sentence(k, i) and i - k <= reach:
            k -= 1
        return any(
            self.words[t] in PERSONAL_WORDS or self.is_relative(t)
            for t in range(k + 1, end)
            if self.same_sentence(t, i)
        )

    def person_near(self, i: int, reach: int) -> int | None:
        """The nearest person named up to ``reach`` words before i, in i's sentence."""
        return next(
            (
                p
                for p in range(i - 1, max(i - 1 - reach, -1), -1)
                if self.same_sentence(p, i) and (self.words[p] in PERSONAL_WORDS or self.is_relative(p))
            ),
            None,
        )

    def phrase_after(self, j: int, phrases: tuple, reach: int) -> bool:
        tail = " ".join(self.words[j : j + reach + 3])
        window = " " + " ".join(self.words[j : j + reach])
        return tail.startswith(phrases) or any(f" {p}" in window for p in phrases)

    def tags(self) -> dict[int, str]:
        """What the lexicons know of each token, by its offset: a term's kind, or "person"."""
        out = {
            self.starts[i]: PERSON for i, word in enumerate(self.words) if word in PERSONAL_WORDS or self.is_relative(i)
        }
        for term in self.terms:
            kind = min(term.kinds)
            for i in range(term.start, term.end):
                out[self.starts[i]] = kind
        return out

    def span(self, category: str, first: int, last: int) -> Span:
        return category, self.starts[first], self.ends[last]


@lru_cache(maxsize=1 << 14)
def _gap_word(word: str) -> bool:
    """Whether a word may stand between a verb or possessive and a health term whatever its
    place (Message.gap_ok): a modifier, a number, a relative, an adjective."""
    return word in TERM_GAP or word.isdigit() or _relative(word) or (len(word) > 4 and word.endswith(ADJECTIVE_ENDINGS))


def _split(text: str) -> list[str]:
    """What stands between the tokens, and the tokens, in turn (TOKEN_RE, by the fastest
    pattern that finds the same tokens in the text)."""
    if text.isascii():
        return ASCII_SPLIT_RE.split(text)
    if INDIC_RE.search(text):
        return TOKEN_SPLIT_RE.split(text)
    # A text whose only characters beyond ASCII stand between words ("¿", "—", "€") has ASCII's
    # tokens: a Spanish question, or any text with a dash or a symbol.
    if NON_ASCII_WORD_RE.search(text) or CJK_RE.search(text):
        return PLAIN_SPLIT_RE.split(text)
    return ASCII_SPLIT_RE.split(text)


# Messages repeat words: each word's guess is worked out once per process (and lexicons).
@lru_cache(maxsize=1 << 16)
def _guess(word: str, lex: Lexicons) -> frozenset | None:
    """Kinds of a word no lexicon lists exactly: a misspelling, or a medical word ending."""
    if len(word) < 6 or not word.isalpha():
        return None
    target = lex.fuzzy_term(word)
    if target:
        return lex.phrases[target].alone or frozenset()
    if word in lex.suffix_exceptions:
        return None
    if word.endswith(CONDITION_ENDINGS):
        return frozenset({"condition"})
    if word.endswith(PROCEDURE_ENDINGS):
        return frozenset({"procedure"})
    return None


@lru_cache(maxsize=1 << 16)
def word_tag(word: str) -> str | None:
    """What the lexicons know of a word on its own (a kind, or "person"): the model's tag. It
    depends on the word alone, not on its neighbours, so that the model can keep each word's
    whole contribution between messages (model.py). The word is a folded token of the model's."""
    parts = _split(word)
    if len(parts) != 3 or parts[0] or parts[2]:  # more than one token (Chinese characters, say)
        return Message(Folded(word, word, None), load_lexicons()).tags().get(0)
    return _token_tag(word_forms([word], word)[0], load_lexicons())


def _token_tag(word: str, lex: Lexicons) -> str | None:
    """Message.tags() of a message of this one word, at its start, worked out without making
    the message (which took most of the time a new word costs the model)."""
    starts = _term_starts_of(word, lex)
    if starts and starts.alone:
        return min(starts.alone)
    return PERSON if word in PERSONAL_WORDS or _relative(word) else None


def _term_starts_of(word: str, lex: Lexicons) -> Starts | None:
    """The terms a word can start: its phrases, and, if no phrase is the word alone, its kinds
    as a misspelling or by its ending; None if it starts none."""
    starts = lex.phrases.get(word)
    alone = (starts.alone if starts else None) or (_guess(word, lex) if len(word) >= 6 else None)
    longer = starts.longer if starts else {}
    return Starts(alone or None, longer) if alone or longer else None


@lru_cache(maxsize=1 << 14)
def _relative(word: str) -> bool:
    """ "mom", "mom's", "sons", "sons'"."""
    base = word[:-2] if word.endswith("'s") else word
    return base in RELATIVES or (base.endswith("s") and base[:-1] in RELATIVES)


def findings(msg: Message) -> list[Span]:
    """Every disclosure the rules find (but urgent phrases and identifiers)."""
    return _term_findings(msg) + _feeling_findings(msg) + _other_findings(msg)


# -- a lexicon term tied to a person ----------------------------------------------------------
# Each way of tying a term to a person is a function of (message, first token, end token) that
# returns where the disclosure starts, or None. ANCHORS lists them in the order they are tried,
# with the kinds of term each applies to and, where it differs from the term's, the category.


def _by_possessive(msg: Message, i: int, j: int):
    p = msg.possessor(i)
    if p is not None and msg.words[p] in {"our", "their"} and _a_business(msg, p, j):
        return None  # "our injection trays", "our rehab facility": a business's
    if p is not None and msg.words[p] in ANIMAL_POSSESSIVES and _stands_for_an_animal(msg, p):
        return None
    return p


def _a_business(msg: Message, p: int, j: int) -> bool:
    """Whether the term before j, after "our" or "their" at p, names a business's product or place
    (PRODUCT_NOUNS, PLACE_NOUNS)."""
    after = msg.words[j] if j < len(msg.words) else None
    return after in PRODUCT_NOUNS or (after in PLACE_NOUNS and not msg.personal_before(p, p, reach=12))


def _stands_for_an_animal(msg: Message, p: int) -> bool:
    """Whether the possessive at ``p`` stands for an animal: one of its number ("her": a cat,
    "their": cats) is named before it, in its sentence or the one before, and no person is
    (a relative, ANIMAL_KEEPERS)."""
    window = range(bisect_left(msg.sentence, msg.sentence[p] - 1), p)  # (sentence numbers only rise)
    if any(msg.words[k] in ANIMAL_KEEPERS or msg.is_relative(k) for k in window):
        return False
    return not ANIMAL_POSSESSIVES[msg.words[p]].isdisjoint(msg.words[k].removesuffix("'s") for k in window)


def _by_having(msg: Message, i: int, j: int):
    return msg.verb_link(i, HAVE_VERBS)


def _by_having_condition(msg: Message, i: int, j: int):
    return msg.verb_link(i, HAVE_VERBS, free=1)  # disease names have unusual modifiers


def _by_being(msg: Message, i: int, j: int):
    anchor = msg.verb_link(i, COPULAS)
    if (
        anchor is not None
        and j < len(msg.words)
        and msg.words[j] in {"of", "and"}
        and msg.words[i] in {"sick", "tired"}
    ):
        return None  # "sick of waiting", "sick and tired"
    return anchor


def _by_being_past(msg: Message, i: int, j: int):
    """A participle or "born" after a copula: "was hospitalized", "was born with"."""
    return _by_being(msg, i, j) if msg.words[i].endswith("ed") or msg.words[i] == "born" else None


def _by_outcome(msg: Message, i: int, j: int):
    return i if msg.phrase_after(j, OUTCOME_PHRASES, 5) else None


def _by_result(msg: Message, i: int, j: int):
    return i if _has_result(msg, i, j) else None


def _by_injured_subject(msg: Message, i: int, j: int):
    subject = msg.subject_of(i)
    return None if subject in (None, i) else subject


ANCHORS = (
    ({"drug", "symptom", "condition", "procedure", "mental", "injury", "pregnancy", "lab"}, _by_possessive, None),
    ({"symptom", "mental", "injury", "procedure", "pregnancy"}, _by_having, None),
    ({"condition"}, _by_having_condition, None),
    ({"procedure", "condition", "drug"}, lambda msg, i, j: _patient_with(msg, i), None),
    ({"symptom", "mental", "pregnancy", "injury"}, _by_being, None),
    ({"drug", "condition", "procedure", "test", "lab"}, _by_being_past, None),
    ({"drug"}, lambda msg, i, j: _drug_anchor(msg, i, j), None),
    ({"procedure"}, _by_outcome, None),
    ({"test", "lab", "procedure"}, _by_result, "test_result"),
    ({"injury"}, _by_injured_subject, None),
    ({"symptom", "condition", "procedure", "drug"}, lambda msg, i, j: _located_in_body(msg, i, j), None),
    ({"condition"}, lambda msg, i, j: _attributed(msg, i), None),
    ({"condition"}, lambda msg, i, j: _died_of(msg, i), None),
)

# The same, by kind of term: the ways that apply to it, in order.
ANCHORS_OF_KIND = {
    kind: [(anchor_of, category) for kinds, anchor_of, category in ANCHORS if kind in kinds]
    for kind in set().union(*(kinds for kinds, _, _ in ANCHORS))
}


def _tie(msg: Message, term: Term, kind: str) -> Span | None:
    """The disclosure a term of one kind makes, if the message ties it to a person."""
    i, j = term.start, term.end
    if kind == "body":
        state = _body_state(msg, i, j)
        return msg.span("symptom", min(state[0], i), state[1]) if state else None
    if _meant_of_no_health(msg, kind, i, j):
        return None
    for anchor_of, category in ANCHORS_OF_KIND.get(kind, ()):
        anchor = anchor_of(msg, i, j)
        if anchor is not None:
            if kind == "drug" and _generic(msg, term):
                category = GENERIC_MEDICINE
            return msg.span(category or CATEGORY_OF_KIND[kind], min(anchor, i), max(j - 1, anchor))
    return None


def _meant_of_no_health(msg: Message, kind: str, i: int, j: int) -> bool:
    """Whether the term from i to j, of a kind, is meant of no one's health where it stands."""
    words = msg.words
    if kind == "injury":
        return _burned_by_nothing_that_burns(msg, i, j) or _broke_for_money(msg, i) or _tore_up_a_thing(msg, i, j)
    if kind == "procedure":
        return _not_done_to_anyone(msg, i, j)
    if kind == "symptom":  # "her old pain doctor": who treats it
        return words[j - 1] == "pain" and j < len(words) and words[j] in PAIN_PROVIDERS and msg.between(j - 1) == " "
    if kind == "mental":
        return _bad_at(msg, i, j)
    return False


def _bad_at(msg: Message, i: int, j: int) -> bool:
    """ "hopeless at filling out forms", "hopeless at paperwork": no good at a task (TASKS;
    "hopeless at this point", "at everything", "at getting better" stay a mood)."""
    words = msg.words
    if words[i:j] != ["hopeless"] or j + 1 >= len(words) or words[j] != "at" or not msg.same_sentence(j + 1, i):
        return False
    return words[j + 1] in TASKS


def _tore_up_a_thing(msg: Message, i: int, j: int) -> bool:
    """ "our toddler tore up the note": "tore up" and a thing (TORN_THINGS) in the three words after
    it, its sentence's ("tore up his knee", "tore up his hamstring" stay injuries); and "torn up
    about" or "over" something, upset."""
    words = msg.words
    if words[i:j] not in (["tore"], ["torn"]) or j + 1 >= len(words) or words[j] != "up":
        return False
    after = [words[k] for k in range(j + 1, min(j + 4, len(words))) if msg.same_sentence(k, i)]
    return bool(after) and (after[0] in {"about", "over"} or not TORN_THINGS.isdisjoint(after))


def _burned_by_nothing_that_burns(msg: Message, i: int, j: int) -> bool:
    """ "I've been burned by surprise bills": burned by what burns no one (BURNED_BY_NOBODY, in the
    three words after "by"); burned by anything else stays an injury."""
    words = msg.words
    if words[i] not in BURNS or j >= len(words) or words[j] != "by":
        return False
    return not BURNED_BY_NOBODY.isdisjoint(words[j + 1 : j + 4])


def _not_done_to_anyone(msg: Message, i: int, j: int) -> bool:
    """A worker's skill ("my injection training", CREDENTIAL_NOUNS), or "pt" that is no therapy: a
    soldier's fitness test ("bombed my PT test"), the patient portal ("my pt portal"), or a new
    patient's papers ("the new pt forms"; "PT forms" without "new" stay therapy's)."""
    words = msg.words
    if j >= len(words):
        return False
    after = words[j]
    if after in CREDENTIAL_NOUNS:
        return True
    if words[i:j] != ["pt"]:
        return False
    return after in PT_NOT_THERAPY or (i > 0 and words[i - 1] == "new" and after in NEW_PATIENT_PAPERS)


def _broke_for_money(msg: Message, i: int) -> bool:
    """ "I'm broke till the 1st", "I'm so freaking broke": someone who is broke, with nothing
    broken after it, has no money ("she's broke her hip" is an injury, and "my wrist is broke" is
    found by the body part's state)."""
    words = msg.words
    if words[i] != "broke" or (
        msg.same_sentence(i, i + 1) and (words[i + 1] in BROKEN_OBJECTS or "body" in msg.kinds[i + 1])
    ):
        return False
    p = i - 1
    while msg.same_sentence(p, i) and words[p] in BROKE_ADVERBS:
        p -= 1
    return msg.same_sentence(p, i) and words[p] in COPULAS


def _generic(msg: Message, term: Term) -> bool:
    """Whether a drug term names no particular medicine ("my medications")."""
    return GENERIC_MEDICINE_WORDS.issuperset(msg.words[term.start : term.end])


def _term_findings(msg: Message) -> list[Span]:
    out = []
    for term in msg.terms:
        if "urgent" in term.kinds:
            continue  # urgent.py reports these
        found = next(filter(None, (_tie(msg, term, kind) for kind in sorted(term.kinds))), None)
        if found:
            out.append(found)
    return out


def _patient_with(msg: Message, i: int) -> int | None:
    """ "I'm the patient with the spinal cord stimulator", "she's the one with MS"."""
    words = msg.words
    p = i - 1
    while p > 0 and words[p] in {"the", "a", "an", "my", "his", "her"}:
        p -= 1
    if p < 2 or words[p] != "with" or words[p - 1] not in PATIENT_NOUNS:
        return None
    q = p - 2
    while q > 0 and words[q] in {"the", "a", "an"}:
        q -= 1
    if msg.same_sentence(q, i) and words[q] in {"i'm", "he's", "she's", "am", "is", "was"}:
        return msg.subject_of(q) if words[q] in {"am", "is", "was"} else q
    return None


def _attributed(msg: Message, i: int) -> int | None:
    """ "... if what I am experiencing is related to lupus": a person's trouble put down to a
    condition."""
    words = msg.words
    for p in range(i - 1, max(i - 4, 0), -1):
        if not msg.same_sentence(p - 1, i):
            return None
        if (words[p - 1], words[p]) in ATTRIBUTIONS:
            return p - 1 if msg.personal_before(p - 1, p - 1, reach=12) else None
        if not msg.gap_ok(p):
            return None
    return None


def _died_of(msg: Message, i: int) -> int | None:
    """ "mi hermano murió de cáncer": the person who died of the condition at i (not "people died
    of COVID", nobody in particular)."""
    words = msg.words
    for p in range(i - 1, max(i - 7, -1), -1):
        if not msg.same_sentence(p, i):
            return None
        if words[p] in DEATH_VERBS:
            if words[p] == "passed" and words[p + 1] not in {"away", "from"}:
                return None
            subject = msg.subject_of(p)
            return subject if subject != p else None
        if words[p] not in DEATH_GAP and not msg.gap_ok(p):
            return None
    return None


def _drug_anchor(msg: Message, i: int, j: int) -> int | None:
    """Someone taking, being given or reacting to the drug at i."""
    before = _drug_taker_before(msg, i)
    if before is not None:
        return before
    return i if _drug_effect_after(msg, i, j) else None


def _drug_taker_before(msg: Message, i: int) -> int | None:
    """ "I'm on meloxicam", "been taking tramadol", "gave me gabapentin"."""
    words = msg.words
    for p in range(i - 1, i - 5, -1):
        if not msg.same_sentence(p, i):
            return None
        word = words[p]
        if word in {"on", "off"}:
            return _on_drug(msg, p)
        if word in TAKE_VERBS:
            return _taker(msg, p)
        if word in LOSE_VERBS and _se_me(msg, p):
            return p - 1
        if word not in DRUG_GAP and not word.isdigit() and "drug" not in msg.kinds[p]:
            return None
    return None


def _se_me(msg: Message, p: int) -> bool:
    """ "se me olvidó (la gabapentina)": the "me" (le, nos, ...) before the verb at p is whose it is."""
    return msg.same_sentence(p - 2, p) and msg.words[p - 2] == "se" and msg.words[p - 1] in SPANISH_DATIVES


def _on_drug(msg: Message, p: int) -> int | None:
    if msg.same_sentence(p - 1, p) and msg.words[p - 1] in ON_PRECEDERS:
        subject = msg.subject_of(p - 1)
        return p - 1 if subject is None else subject
    return None


def _taker(msg: Message, p: int) -> int | None:
    words = msg.words
    if words[p] in SELF_TAKE_VERBS:
        return p
    if words[p] in GIVE_VERBS and p + 1 < len(words) and words[p + 1] in RECIPIENTS:
        return p
    if msg.same_sentence(p - 1, p) and words[p - 1] in {"since", "after", "while", "been", "me"}:
        return p - 1
    return msg.subject_of(p)


def _drug_effect_after(msg: Message, i: int, j: int) -> bool:
    """ "tramadol makes me sick", "the med which I have to take", "ibuprofen 800" (but a number
    joined to the word by a hyphen is a code: "RX-44812" is an order number)."""
    words = msg.words
    for k in range(j, min(j + 5, len(words))):
        if not msg.same_sentence(k, i):
            break
        if words[k] in DRUG_EFFECT_WORDS and k < j + 3 and not _opinion_after(words, k):
            return True
        if words[k] in TAKE_VERBS and msg.subject_of(k) not in (None, k):
            return True
    if msg.phrase_after(j, DRUG_FAILURE, 4):
        return True
    return j < len(words) and msg.same_sentence(j, i) and words[j].isdigit() and msg.between(j - 1) != "-"


def _opinion_after(words: list[str], k: int) -> bool:
    """Whether the "me" at k starts a clause ("y", "e", "pero" before it) whose verb, or
    "ha"/"han" and the verb ("me ha parecido muy claro"), is one of liking or wishing."""
    if k == 0 or words[k - 1] not in {"y", "e", "pero"}:
        return False
    after = words[k + 1 : k + 3]
    if after and after[0] in {"ha", "han"}:
        after = after[1:]
    return bool(after) and after[0] in OPINION_VERBS


def _has_result(msg: Message, i: int, j: int) -> bool:
    """A test with its result: "my MRI showed", "bilirubin is 3.2"."""
    lab = "lab" in msg.kinds[i]
    for k in range(j, min(j + 5, len(msg.words))):
        if not msg.same_sentence(k, i):
            return False
        word = msg.words[k]
        if word in RESULT_WORDS or (lab and re.fullmatch(r"\d+", word)):
            return True
    return False


def _body_state(msg: Message, i: int, j: int) -> tuple[int, int] | None:
    """A body part described in a state: "knee is swollen", "my legs still tingle".
    Returns where the description starts and the index of its last word."""
    words, n = msg.words, len(msg.words)
    owner = msg.possessor(i)
    if owner is None and i > 1 and words[i - 1] in {"and", "or", "&"} and "body" in msg.kinds[i - 2]:
        owner = msg.possessor(i - 2)  # "my hands and feet go numb"
    start = i if owner is None else owner
    k, verb = j, False
    while k < n and msg.same_sentence(k, i) and k - j < 5:
        word = words[k]
        if word in BODY_SYMPTOM_VERBS or word in BODY_STATES:
            return start, k
        if msg.kinds[k] & {"symptom", "injury"}:
            return (start, k) if verb or owner is not None else None
        if word in BODY_STATE_VERBS:
            if word in OWNED_STATE_VERBS and owner is None:
                return None
            verb = True
        elif word not in INTENSIFIERS:
            return None
        k += 1
    return None


def _located_in_body(msg: Message, i: int, j: int) -> int | None:
    """A symptom or treatment placed in someone's body: "pain in my neck", "injection in my neck"."""
    words = msg.words
    owner = j + 1 if j < len(words) and words[j] in BODY_PREPOSITIONS else j
    if _pain_idiom(msg, i, owner):
        return None
    if (
        owner + 1 < len(words)
        and msg.same_sentence(owner + 1, i)
        and words[owner] in POSSESSIVES
        and any("body" in msg.kinds[k] for k in range(owner + 1, min(owner + 4, len(words))))
    ):
        return owner
    return None


def _pain_idiom(msg: Message, i: int, owner: int) -> bool:
    """ "my ex has been a pain in my neck" (PAIN_IDIOM_*); "there's a pain in my neck" is a pain."""
    words = msg.words
    if words[i] != "pain":
        return False
    a = i - 1
    while a > 0 and words[a] in PAIN_IDIOM_ADJECTIVES:
        a -= 1
    if not (a >= 1 and words[a] == "a" and words[a - 1] in PAIN_IDIOM_BEFORE):
        return False
    if a >= 2 and words[a - 2] == "there":
        return False
    return owner + 1 < len(words) and words[owner + 1] in PAIN_IDIOM_PARTS


# -- feelings ---------------------------------------------------------------------------------


def _feeling_findings(msg: Message) -> list[Span]:
    """ "feeling hopeless", "I feel sick", "my son gets so afraid" (not "feel bad about ...")."""
    out = []
    if msg.wordset.isdisjoint(FEEL_OR_BECOME):
        return out
    for v in [v for v, word in enumerate(msg.words) if word in FEEL_OR_BECOME]:
        if not (v > 0 and msg.words[v - 1] in {"you", "u"}):
            found = _feeling(msg, v, feel=msg.words[v] in FEEL_VERBS)
            if found:
                out.append(found)
    return out


def _feeling(msg: Message, v: int, feel: bool) -> Span | None:
    words, n = msg.words, len(msg.words)
    k = v + 1
    while k < n and words[k] in INTENSIFIERS and k - v < 4:
        k += 1
    if k >= n or not msg.same_sentence(k, v):
        return None
    state = words[k]
    mental = state in MOODS or "mental" in msg.kinds[k]
    is_state = mental or (feel and (state in FEEL_STATES or "symptom" in msg.kinds[k]))
    if not is_state or _figurative(msg, k):
        return None
    if not feel and msg.subject_of(v) in (None, v):
        return None  # "get nervous" needs someone: "my son gets so afraid"
    return msg.span("mental_health" if mental else "symptom", v, k)


def _figurative(msg: Message, k: int) -> bool:
    """ "feel bad about", "anxious to meet", "afraid I have to cancel": not about health."""
    if k + 1 >= len(msg.words) or "," in msg.between(k):
        return False
    following = msg.words[k + 1]
    return following in FIGURATIVE_NEXT or (
        following in {"i", "we", "i'm", "i'll"} and msg.words[k] in {"afraid", "scared"}
    )


# -- words that start a check of their own ------------------------------------------------------


def _diagnosed(msg: Message, i: int) -> list[Span]:
    anchor = msg.person_near(i, 6)
    if anchor is None and not msg.same_sentence(i - 1, i):
        anchor = i
    if anchor is None and i + 1 < len(msg.words) and msg.words[i + 1] in RECIPIENTS | POSSESSIVES:
        anchor = i
    return [] if anchor is None else [msg.span("condition", anchor, i)]


def _tested(msg: Message, i: int) -> list[Span]:
    anchor = msg.person_near(i, 4)
    return [] if anchor is None else [msg.span("test_result", anchor, i)]


def _this_or_it(msg: Message, i: int) -> list[Span]:
    words = msg.words
    if words[i] != "them" and i > 0 and words[i - 1] in HAVE_VERBS:
        # "Haglund's deformity ... I have this problem": a condition named earlier
        subject = msg.subject_of(i - 1)
        named_before = any(t.start < i and t.kinds & {"condition", "symptom", "mental"} for t in msg.terms)
        if subject not in (None, i - 1) and named_before:
            return [msg.span("condition", subject, i)]
    if words[i] != "this" and i > 0 and words[i - 1] in TAKE_VERBS:
        return _pronoun_taken(msg, i)
    return []


def _pronoun_taken(msg: Message, i: int) -> list[Span]:
    """ "scared to take it", "empecé a tomarla": a drug named earlier, taken by someone. Taking
    is a disclosure even of medicines not named ("her pills? She refuses to take them"), so this
    rule is not gated as GENERIC_MEDICINE is; but not where nobody takes it (_taken_by_no_one)."""
    named = any(t.start < i and "drug" in t.kinds for t in msg.terms)
    if named and not _taken_by_no_one(msg, i) and msg.personal_before(i, i + 1):
        first = i if msg.words[i] in PRONOUN_TAKES else i - 1
        return [msg.span("medication", first, i)]
    return []


def _taken_by_no_one(msg: Message, i: int) -> bool:
    """ "Neither of us takes it, just curious": nobody (NO_ONE) is who takes the medicine, the
    clause ends there ("neither of us takes it before driving" tells when they do), and nobody
    else is named after it ("..., except my husband", "My dad does though")."""
    words = msg.words
    verb = i if words[i] in PRONOUN_TAKES else i - 1
    k = verb - 1
    while k >= 0 and words[k] in NO_ONE_GAP and msg.same_sentence(k, verb):
        k -= 1
    if k < 0 or words[k] not in NO_ONE or not msg.same_sentence(k, verb):
        return False
    if msg.same_sentence(i, i + 1) and not msg.between(i).strip():
        return False
    return not any(
        w in BUT_WORDS or w in POSSESSIVES or w in THIRD_SUBJECTS or _relative(w) for w in words[i + 1 : i + 9]
    )


def _modal(msg: Message, i: int) -> list[Span]:
    out = []
    for pattern in ADVICE_BY_WORD.get(msg.words[i], ()):
        m = pattern.match(msg.norm, msg.starts[i])
        if m:
            out.append(("advice_request", m.start(), m.end()))
    if msg.words[i] in MODALS and i + 2 < len(msg.words):
        out.extend(_advice(msg, i))
    return out


def _spanish_modal(msg: Message, i: int) -> list[Span]:
    if i + 1 < len(msg.words) and msg.words[i + 1] in ES_ADVICE_VERBS and _drug_near(msg, i + 1):
        return [msg.span("advice_request", i, i + 1)]
    return []


TRIGGERS = {
    **dict.fromkeys(DIAGNOSED, _diagnosed),
    **dict.fromkeys(TESTED, _tested),
    **dict.fromkeys(set(ADVICE_BY_WORD) | MODALS, _modal),
    **dict.fromkeys({"this", "it", "them"}, _this_or_it),
    **dict.fromkeys(PRONOUN_TAKES, _pronoun_taken),
    **dict.fromkeys({"puedo", "debo", "deberia", "podria"}, _spanish_modal),
}


def _other_findings(msg: Message) -> list[Span]:
    out = [msg.span(category, i, j - 1) for category, i, j in msg.disclosures]
    for i in [i for i, word in enumerate(msg.words) if word in TRIGGERS]:
        out.extend(TRIGGERS[msg.words[i]](msg, i))
    return out + _doses(msg) + _spine_levels(msg)


def _doses(msg: Message) -> list[Span]:
    """ "300mg"; "3x a day" in a sentence that names a drug."""
    out = []
    for t in msg.numeric:
        m = DOSE_RE.match(msg.norm, msg.starts[t])
        if m:
            out.append(("dose", m.start(), m.end()))
    drug_sentences = sorted({msg.sentence[t.start] for t in msg.terms if "drug" in t.kinds})
    if drug_sentences and ("day" in msg.wordset or "dia" in msg.wordset):
        # No sentence end can stand inside "3x a day": only the sentences that name a drug are
        # searched (a search of the whole text took ~50 µs a 2,000-character message).
        for k in drug_sentences:
            out += [("dose", m.start(), m.end()) for m in FREQUENCY_RE.finditer(msg.norm, *msg.sentence_span(k))]
    return out


def _spine_levels(msg: Message) -> list[Span]:
    """ "at L4-5 there is disc protrusion": a spine report quoted in the message."""
    out = []
    for t in msg.numeric:
        m = SPINAL_LEVEL_RE.match(msg.norm, msg.starts[t])
        if (
            m
            and any(msg.same_sentence(term.start, t) and term.kinds & {"condition", "symptom"} for term in msg.terms)
            and not msg.general_question(t)
        ):
            out.append(("test_result", m.start(), m.end()))
    return out


def _drug_near(msg: Message, i: int) -> bool:
    return any("drug" in msg.kinds[k] for k in range(i + 1, min(i + 4, len(msg.words))))


def _advice_subject(msg: Message, m: int) -> int | None:
    """After a modal, the person asked about: "I", "we", "he", "she", or "my dad"."""
    words, s = msg.words, m + 1
    if words[s] == "my" and s + 1 < len(words) and msg.is_relative(s + 1):
        return s + 1
    return s if words[s] in ADVICE_SUBJECTS else None


def _advice(msg: Message, m: int) -> list[Span]:
    """ "can I take half?", "should I stop the meloxicam", "should my dad increase his dose"."""
    words, n = msg.words, len(msg.words)
    s = _advice_subject(msg, m)
    if s is None:
        return []
    v = s + 1
    while v < n and words[v] in {"still", "just", "also", "even", "safely"}:
        v += 1
    if v >= n:
        return []
    if words[v] in {"ice", "heat"}:
        return [msg.span("advice_request", m, v)]
    if words[v] == "keep" and v + 1 < n and words[v + 1] == "taking":
        v += 1
    elif words[v] not in ADVICE_NEED_OBJECT:
        return []
    for k in range(v + 1, min(v + 4, n)):
        if not msg.same_sentence(k, v) or words[k] == "by":
            break
        if words[k] in ADVICE_OBJECTS or "drug" in msg.kinds[k]:
            return [msg.span("advice_request", m, k)]
    return []
