"""Health identifiers: Social Security, Medicare and Medicaid, insurance member and medical record
numbers, wherever they stand in a sentence and however they are grouped ("1234 5678 9X",
"1EG4-TE5-MK73"); and a date of birth, but only in a message with health details (alone, it
just helps the front desk find an appointment). Phone, fax, confirmation and invoice numbers
pass. Patterns are tried only where a number or a keyword starts, so long messages stay fast.
"""

import re
from bisect import bisect_left

from .rules import Message, Span

# 123-45-6789 or 123 45 6789, not inside a longer number (a phone number is 3-3-4).
SSN_RE = re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])")
SSN_KEYWORD_RE = re.compile(
    r"(?:ssn|social security(?: number| no| #)?|seguro social)\b"
    r"\W{0,3}(?:is\W{0,2}|number\W{0,2}|#\W{0,2})?[\dx*-]{4,11}\b"
)
# A Medicare Beneficiary Identifier: 11 characters, letters but S, L, O, I, B, Z, in a fixed
# pattern, often written in groups of 4, 3 and 4.
_MBI_LETTER = "[ac-hjkmnp-rt-y]"
_MBI_ANY = "[ac-hjkmnp-rt-y0-9]"
MBI_RE = re.compile(
    rf"\b[1-9]{_MBI_LETTER}{_MBI_ANY}\d[- ]?{_MBI_LETTER}{_MBI_ANY}\d[- ]?"
    rf"{_MBI_LETTER}{{2}}\d{{2}}\b"
)
# "member ID: XYZ123456789", "my medicaid # is 1234 5678 9X", "MRN 00482913", "chart # 55-1029",
# "subscriber no. W 2837 4461 02": a keyword, then a value that starts with a digit (after at
# most three letters) and may go on in groups that do too.
ID_RE = re.compile(
    r"\b(?:member|subscriber|policy|insurance|medicare|medicaid|mbi|mrn|medical record|chart"
    r"|health plan|beneficiary|patient)(?:\s+(?:id|identification|number|no|num)\b\.?){0,2}"
    r"\s*#?\s*(?:(?:is|was)\b|:|-)?\s*#?\s*"
    r"(?P<id>[a-z]{0,3}[\s-]?\d[a-z0-9-]*(?:\s(?=[a-z]{0,3}\d)[a-z0-9-]+)*)\b"
)
ID_WORDS = {
    "member",
    "subscriber",
    "policy",
    "insurance",
    "medicare",
    "medicaid",
    "mbi",
    "mrn",
    "record",
    "chart",
    "plan",
    "beneficiary",
    "patient",
}
# what one is a member of that is no health plan, just before "member": a coder's "AAPC member #
# 01847263", a gym's number (not a union's or a church's: some have health plans of their own)
NOT_HEALTH_PLANS = {"aapc", "ahima", "aama", "aanp", "gym", "ymca", "costco", "aaa", "alumni", "library"}
DOB_WORDS = {"dob", "d", "birth", "birthdate", "born", "birthday", "nacimiento"}
DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} (?:de )?[a-z]+ (?:de )?\d{4})"
)
DOB_RE = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born on|born|birthday"
    r"|fecha de nacimiento)\W{0,3}(?:is\W{0,2})?" + DATE
)
# Words that start a keyword pattern: member ID, SSN, date of birth.
KEYWORDS = ID_WORDS | DOB_WORDS | {"ssn", "social", "seguro", "fecha", "date"}


def numbers(msg: Message) -> list[Span]:
    """Health identifiers, precise on their own."""
    if not msg.numeric:
        return []
    out = [
        ("identifier", m.start(), m.end())
        for t in msg.numeric
        for pattern in (SSN_RE, MBI_RE)
        if (m := pattern.match(msg.norm, msg.starts[t]))
    ]
    for start in _keywords(msg):
        found = [SSN_KEYWORD_RE.match(msg.norm, start), ID_RE.match(msg.norm, start)]
        out += [
            ("identifier", m.start(), m.end())
            for m in found
            if m and (m.re is not ID_RE or (_looks_like_an_id(m.group("id")) and not _no_health_plan(msg, start)))
        ]
    return out


def birth_dates(msg: Message) -> list[Span]:
    """Dates of birth: identifiers only in a message with health details (the caller's to say)."""
    found = [DOB_RE.match(msg.norm, start) for start in _keywords(msg)] if msg.numeric else []
    return [("identifier", m.start(), m.end()) for m in found if m]


def _keywords(msg: Message) -> list[int]:
    """Where a keyword of the patterns above starts (worked out once a message)."""
    if msg.wordset.isdisjoint(KEYWORDS):
        return []
    if msg.keyword_starts is None:
        msg.keyword_starts = [msg.starts[i] for i, word in enumerate(msg.words) if word in KEYWORDS]
    return msg.keyword_starts


def _no_health_plan(msg: Message, start: int) -> bool:
    """Whether the keyword at offset ``start`` is "member" just after what is no health plan
    (NOT_HEALTH_PLANS), with only a space between."""
    i = bisect_left(msg.starts, start)
    return msg.words[i] == "member" and i > 0 and msg.words[i - 1] in NOT_HEALTH_PLANS and msg.between(i - 1) == " "


def _looks_like_an_id(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    compact = re.sub(r"[\s-]", "", value)
    return digits >= 5 or (digits >= 4 and len(compact) >= 6 and not compact.isdigit())
