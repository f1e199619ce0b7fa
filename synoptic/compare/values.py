"""Values: the numbers, dates and names one parsed statement gives, and how two of them compare.

Each value is read with a **key** saying what it is about:

* numbers with what they count ("seven missile launches" → launch; "the attack killed 12" →
  attack|kill), money and percentages with their unit, and whose they are ("Charles' 226 yards");
* dates (day of the month, month, year, weekday) with the verb they date ("sank on March 4"),
  a bound kept apart ("since 2002");
* names: the person a quotation is attributed to, and the place an event happened in.

Reading is demanding and comparing forgiving, so that ``synoptic.compare.conflicts`` does not cry
wolf: vague, approximate or bounded quantities ("dozens", "about 40", "more than 10"), ranges,
scores, times of day, labels ("No. 3", "AK-47") and predictions ("would cut $800 billion") are not
values at all; a number agrees with its rounding ("5.2 million"/"5 million"); dates agree unless a
part both give differs; names agree when they share a word or are two spellings of one name
(``close_spellings``, transliterations: name variants, not conflicts).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synoptic.analyze.names import HONORIFICS, TITLES
from synoptic.analyze.quotes import CUE_FORMS, is_cue, subject_of
from synoptic.compare.names import close_spellings, skeleton
from synoptic.compare.stance import ACTOR_LABELS, CONDITIONS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Value:
    """A value read from a statement: its key, how it is shown, and what is compared."""

    kind: str
    key: str
    label: str  # what the value is about, for the conflict's subject
    written: str
    quantity: tuple[float, float, float] = (0.0, 0.0, 0.0)  # a number: value, grain, value before scale words
    date: tuple[tuple[str, int | str], ...] = ()  # a date: its parts ("month", 7), ("day", 5)
    owner: str = ""  # whose number or date it is: the named subject of its clause, when there is one


def values_of(doc: Doc) -> list[Value]:
    """The numbers, dates and names of one parsed statement, each with its key, and every entity
    it mentions (kind "mention", compared with nothing but consulted before a name conflict)."""
    found: list[Value] = []
    asserts = any(t.tag_.startswith("VB") for t in doc)  # a heading, a caption, a dateline asserts nothing
    for entity in doc.ents:
        if entity.label_ in NUMBER_LABELS and asserts and not _hypothetical(entity.root):
            found += _number(entity)
        elif entity.label_ == "DATE" and asserts and not _hypothetical(entity.root):
            found += _date(entity)
        elif entity.label_ in NAME_LABELS:
            found.append(Value("mention", entity.label_, entity.label_, entity.text))
            found += _place(entity)
    return found + _speakers(doc)


def appears_in(value: Value, text: str, values: Sequence[Value]) -> bool:
    """Whether a statement (its ``text`` and the ``values`` read from it) gives ``value`` anywhere,
    whatever it is attached to."""
    if value.kind == "number":
        return _number_in(value, text) or any(not _numbers_differ(value, v) for v in values if v.kind == "number")
    if value.kind == "date":
        return any(_dates_match(value, v) for v in values if v.kind == "date")
    return any(_names_agree(value, v) for v in values if v.kind in ("name", "mention"))


def written_figures(text: str) -> set[str]:
    """The words of a text that may hold a number or a date, for telling cheaply, before parsing,
    whether two statements may conflict."""
    return {w for w in _NUMBER.findall(text.lower()) if w[0].isdigit() or w in FIGURE_WORDS}


# --- shared by the readers -----------------------------------------------------------------------


def _hypothetical(token: Token) -> bool:
    """Whether the clause holding ``token`` is a prediction, a plan or a condition ("would cut
    Medicare by $800 billion", "to host the Oscars in 2014"), not a report of what is."""
    verb = _clause_verb(token)
    if verb is None:
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "mark")]
    return any(c.tag_ == "MD" or c.lower_ in CONDITIONS or (c.lower_ == "to" and verb.tag_ == "VB") for c in aux)


def _clause_verb(token: Token) -> Token | None:
    for _ in range(OWNER_DEPTH):
        if token.tag_.startswith("VB"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _stem(word: str) -> str:
    """A crude stem, enough to match "launch"/"launches", "kill"/"killed"/"killing"."""
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _governor(token: Token) -> Token:
    """The word a value attaches to, through a preposition ("launches on July 5" → launches)."""
    head = token.head
    return head.head if head.dep_ == "prep" and head.head is not head else head


# --- numbers --------------------------------------------------------------------------------------

NUMBER_LABELS = frozenset(("CARDINAL", "MONEY", "PERCENT", "QUANTITY"))
# Words that make a quantity approximate or a bound ("about 40", "more than 10", "up to 5"): such a
# quantity is no value to hold against another.
APPROXIMATORS = frozenset(
    str.split(
        "about around approximately roughly nearly almost some over more less fewer least most up under "
        "estimated upwards close than beyond below above"
    )
)
# A range inside a quantity ("10 to 12", "between 5 and 7", "5-7").
RANGE_WORDS = frozenset(("to", "and", "or", "between"))
_RANGE = re.compile(r"\d\s*[-–]\s*\d")
# Heads climbed from a value to the verb of its clause ("moved into X's range for a 36-yard field
# goal": six).
OWNER_DEPTH = 8
# Modifiers that make a count of another set or scope ("three victims" and "two other victims"
# agree; "20 points" in a game and "2,301 career points" count different things).
SCOPES = frozenset(
    str.split("other more additional further remaining another new net total combined career overall average")
)
# Words of a rate ("eight rebounds a game", "per game"): a rate is not a count.
RATES = frozenset(("game", "day", "week", "month", "year", "season", "per", "night", "hour"))
# Words before a number that make it a label, not a count ("No. 2", "#3", "number 10").
LABEL_WORDS = frozenset(("no", "no.", "#", "number", "nos", "nos."))
_SMALL = str.split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
_TENS = {w: 10 * (i + 2) for i, w in enumerate(str.split("twenty thirty forty fifty sixty seventy eighty ninety"))}
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)} | _TENS
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9, "trillion": 10**12}
UNITS = {"$": "$", "£": "£", "€": "€", "percent": "%", "%": "%", "dollars": "$"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")


def _number(entity: Span) -> list[Value]:
    if _approximate(entity) or _labelled(entity) or _clock(entity):
        return []
    figures = [t for t in entity if t.like_num or t.tag_ == "CD" or t.lower_ in SCALES]
    parsed = number_value(" ".join(t.text for t in figures)) if figures else None
    if parsed is None or re.match(r"0\d", figures[0].text) or (entity.start == 0 and entity.text[:1].isdigit()):
        return []  # vague ("dozens"); a broken figure ("2, 029"); a fragment (news style spells out an opening number)
    if entity.label_ == "CARDINAL" and 1900 <= parsed[0] <= 2100 and re.fullmatch(r"\d{4}", entity.text):
        return []  # a year
    root = entity.root
    unit_noun = root.tag_.startswith("NN") and root.lower_ not in UNITS and root not in figures
    counted = _noun_count(root) if unit_noun else _counted(root)
    if counted is None:
        return []
    unit = next((UNITS[t.lower_] for t in entity if t.lower_ in UNITS), "")
    key, label, noun = counted
    return [Value("number", f"{unit}|{key}", label, entity.text, parsed, owner=_owner(root, noun))]


def _approximate(entity: Span) -> bool:
    """An approximation, a bound, a range or a score ("about 40", "more than 10", "5-7", "20 - 13")."""
    doc = entity.doc
    if _RANGE.search(doc[max(0, entity.start - 2) : entity.end + 2].text) or any(
        t.lower_ in RANGE_WORDS for t in entity
    ):
        return True
    before = doc[max(0, entity.start - 2) : entity.start]
    return any(t.lower_ in APPROXIMATORS or t.tag_ == "JJR" for t in (*before, *entity))


def _labelled(entity: Span) -> bool:
    """A number naming a thing ("No. 3", "Chapter 7", "Resolution 1695", "AK-47"), not counting one."""
    doc = entity.doc
    before = [doc[i] for i in range(max(0, entity.start - 2), entity.start)]
    if before and (before[-1].lower_ in LABEL_WORDS or before[-1].tag_ in ("NNP", "NNPS")):
        return True
    return len(before) == 2 and before[1].text == "-" and before[0].tag_ in ("NNP", "NNPS")


def _clock(entity: Span) -> bool:
    """A time of day ("12:52 p.m."), or a number inside a date or a time ("26 September 2013, 10:00")."""
    around = entity.doc[max(0, entity.start - 1) : entity.end + 1].text
    return ":" in around or entity.root.head.ent_type_ in ("DATE", "TIME")


def _counted(root: Token) -> tuple[str, str, Token | None] | None:
    """What a number counts: its noun ("seven missile launches"), part of a set ("five of his
    rebounds"), or for a bare number the verb it attaches to with that verb's subject ("the attack
    killed 12"); the key to compare, the words to show and the counted noun."""
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.tag_.startswith("NN"):
        return _noun_count(root.head)
    of = next((p for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"), None)  # fmt: skip
    if of is not None:
        return "of " + _stem(of.text), of.text, of
    head = _governor(root)
    if root.dep_ in ("dobj", "nsubjpass", "attr", "pobj", "npadvmod") and head.tag_.startswith("VB"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c is not root), None)
        who = _stem(subject.text) if subject is not None else ""
        return f"{who}|{_stem(head.text)}", head.text, None
    return None


def _noun_count(noun: Token) -> tuple[str, str, Token]:
    """The key and the words of a counted noun ("missile launches"). Scope words make another key
    ("two other rifles", "2,301 career points", "eight rebounds a game"), and a measure names what
    it measures ("a 47-yard field goal" → yard goal)."""
    words = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i and not c.ent_type_]
    scope = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.lower_ in SCOPES]
    rate = ["a"] if any(c.dep_ in ("npadvmod", "prep") and c.lower_ in RATES for c in noun.subtree) else []
    measured = [noun.head] if noun.dep_ in ("amod", "compound", "nmod") and noun.head.tag_.startswith("NN") else []
    key = " ".join([*(_stem(t.text) for t in (*scope, noun, *measured)), *rate])
    return key, " ".join(t.text for t in (*scope, *words, noun, *measured)), noun


def _owner(token: Token, noun: Token | None = None) -> str:
    """Whose number or date it is: the possessor of the counted noun ("Charles' 226 yards"), else
    the named subject of the clause ("Hansbrough finished with 20 points", "the Indian navy"
    → Indian); empty when the clause names nobody."""
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None) if noun is not None else None
    if possessor is not None and possessor.tag_ in ("NNP", "NNPS"):
        return _proper_words(possessor)
    verb = _clause_verb(token)
    for _ in range(OWNER_DEPTH):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb else None
        if verb is None or (subject is None and verb.head is verb):
            return ""
        if subject is not None and subject.lower_ in ("who", "which", "that"):
            return _proper_words(verb.head) if verb.dep_ == "relcl" else ""
        if subject is not None and subject.tag_ != "PRP":
            return "" if token in subject.subtree else _proper_words(subject)
        verb = _clause_verb(verb.head)  # no subject, or a pronoun: the clause above names the owner
    return ""


def _proper_words(token: Token) -> str:
    """The names in the phrase headed by ``token`` ("the Indian navy" → Indian); a capitalised
    singular noun without a determiner counts (the tagger calls unknown surnames NN)."""
    phrase = [token, *(c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod"))]
    words = [t.text for t in sorted(phrase) if t.tag_ in ("NNP", "NNPS") or t.ent_type_ in ACTOR_LABELS]
    bare = token.tag_ == "NN" and token.text[:1].isupper() and not any(c.dep_ == "det" for c in token.children)
    return " ".join(words) or (token.text if bare else "")


def number_value(text: str) -> tuple[float, float, float] | None:
    """The value of a written quantity, its grain (what it is rounded to) and its value before
    scale words: "$5.2 million" → (5200000, 100000, 5.2), "seven" → (7, 1, 7); None when vague
    ("dozens", "several") or spelled "one", far more often a pronoun ("one of them") than a count."""
    words = [w for w in _NUMBER.findall(text.lower().replace(",", "")) if w not in ("percent", "cent", "dollars")]
    if not words or words == ["one"]:
        return None
    total, grain, scale = 0.0, 1.0, 1.0
    for word in words:
        if word[0].isdigit():
            total += float(word)
            grain = 10.0 ** -len(word.partition(".")[2]) if "." in word else _integer_grain(word)
        elif word in NUMBER_WORDS:
            total += NUMBER_WORDS[word]
        elif word in SCALES:
            scale *= SCALES[word]
        else:
            return None
    return total * scale, grain * scale, total


def _integer_grain(digits: str) -> float:
    """Round numbers of three digits or more are taken at their last nonzero place ("1,200" may be
    1,250 rounded); a number under 100 is exact ("10" and "12" killed disagree)."""
    if len(digits) < 3:
        return 1.0
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def _numbers_differ(a: Value, b: Value) -> bool:
    """Two quantities differ beyond the rounding of the coarser ("5 million" is "5.2 million")."""
    x, grain_x, _ = a.quantity
    y, grain_y, _ = b.quantity
    return not math.isclose(x, y) and abs(x - y) > max(grain_x, grain_y) / 2


def _number_in(value: Value, text: str) -> bool:
    """Whether ``text`` writes the number of ``value`` anywhere, in figures or words ("2 in 3")."""
    written = {float(w) for w in _NUMBER.findall(text.lower().replace(",", "")) if w[0].isdigit()}
    written |= {float(NUMBER_WORDS[w]) for w in _NUMBER.findall(text.lower()) if w in NUMBER_WORDS}
    amount, _, mantissa = value.quantity
    return amount in written or mantissa in written


# --- dates ----------------------------------------------------------------------------------------

_MONTH_NAMES = str.split("january february march april may june july august september october november december")
MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
WEEKDAYS = frozenset(str.split("monday tuesday wednesday thursday friday saturday sunday"))
# Words that may hold a number or a date, for choosing the statements worth parsing ("may" aside:
# the verb is far more frequent, and "May 5" has its figure).
FIGURE_WORDS = frozenset((*NUMBER_WORDS, *SCALES, *_MONTH_NAMES, *WEEKDAYS)) - {"may"}
# Words that make a date vague or relative, or a range ("early July", "last week", "from 1996 to 2007").
VAGUE_DATE = frozenset(
    str.split("early mid late end beginning start around about from between to through and last next this")
)
# Prepositions that make a date a bound, kept in its key: "since 2002" is compared with "since 2003",
# never with "in 2003"; "on" and "in" add nothing ("on July 5" is "July 5").
BOUNDS = frozenset(("since", "until", "till", "before", "after", "by"))
# Words of a dateline or a time stamp ("Published: May 2, 2013", "Updated 5:40 p.m.").
DATELINE_WORDS = frozenset(
    str.split("published updated posted modified last am pm a.m. p.m. gmt utc edt est et bst ist")
)
# Days named relative to the report ("today"): no value, but a second day for the same event.
RELATIVE_DAYS = frozenset(("today", "yesterday", "tomorrow", "tonight"))
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def _date(entity: Span) -> list[Value]:
    words = [t.lower_.rstrip(".") for t in entity]
    before = entity.doc[max(0, entity.start - 1) : entity.start]
    if any(w in VAGUE_DATE or w.startswith("mid") or "-" in w for w in (*words, *(t.lower_ for t in before))):
        return []
    parts = _date_parts(words)
    head = _governor(entity.root)
    if entity.root.dep_ in ("compound", "nummod", "amod") and head.tag_ in ("NNP", "NNPS"):
        return []  # part of a name ("the 2000 National Caring Award")
    if not parts or entity.start <= head.i < entity.end or head.lower_ in CUE_FORMS or head.lower_ in DATELINE_WORDS:
        return []  # no calendar date; a dateline; or when a thing was said ("said Monday"), not what was said
    if any(other != entity and _governor(other.root) == head and _names_a_day(other) for other in entity.doc.ents):
        return []  # two days for one event ("As it promised [Tuesday], Microsoft today issued"): which is it?
    prep = entity.root.head.lower_ if entity.root.dep_ == "pobj" and entity.root.head.lower_ in BOUNDS else ""
    key, label = f"{prep}|{_stem(head.text)}", f"date ({head.text} {prep})".replace(" )", ")")
    return [Value("date", key, label, entity.text, date=tuple(sorted(parts.items())), owner=_owner(entity.root))]


def _names_a_day(entity: Span) -> bool:
    words = [t.lower_.rstrip(".") for t in entity]
    return entity.label_ == "DATE" and (bool(_date_parts(words)) or any(w in RELATIVE_DAYS for w in words))


def _date_parts(words: Sequence[str]) -> dict[str, int | str]:
    """Month, day, year and weekday of a date's words; empty when it names none ("last week")."""
    parts: dict[str, int | str] = {}
    for i, word in enumerate(words):
        if word in MONTHS and (word != "may" or len(words) > 1):
            parts["month"] = MONTHS[word]
            days = [int(m[1]) for w in (*words[i + 1 : i + 2], *words[max(0, i - 1) : i]) if (m := _DAY.fullmatch(w))]
            parts |= {"day": days[0]} if days and 1 <= days[0] <= 31 else {}
        elif word in WEEKDAYS:
            parts["weekday"] = word
        elif re.fullmatch(r"(19|20)\d\d", word):
            parts["year"] = int(word)
    return parts


def _dates_differ(a: Value, b: Value) -> bool:
    """Two dates differ when a part both give differs (a weekday and a day of the month do not)."""
    first, second = dict(a.date), dict(b.date)
    return any(first[part] != second[part] for part in set(first) & set(second))


def _dates_match(a: Value, b: Value) -> bool:
    first, second = dict(a.date), dict(b.date)
    shared = set(first) & set(second)
    return bool(shared) and all(first[part] == second[part] for part in shared)


# --- names ----------------------------------------------------------------------------------------

NAME_LABELS = frozenset(("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
# Prepositions that place an event ("killed in Kabul", "met at Camp David").
PLACE_PREPOSITIONS = frozenset(("in", "at", "near", "outside"))
# Honorifics and titles that do not tell one person from another ("Mr Wang" is Wang Guangya).
_TITLE_WORDS = TITLES | HONORIFICS.keys()


def _place(entity: Span) -> list[Value]:
    """Where an event happened: a place after "in", "at" … keyed by the verb of its clause (the
    parser attaches "near the market in Kabul" to the market or to the verb, as it likes)."""
    prep = entity.root.head
    if entity.label_ not in PLACE_LABELS or entity.root.dep_ != "pobj" or prep.lower_ not in PLACE_PREPOSITIONS:
        return []
    event = _clause_verb(prep) or prep.head
    return [Value("name", f"place|{prep.lower_}|{_stem(event.text)}", f"place ({event.text})", entity.text)]


def _speakers(doc: Doc) -> list[Value]:
    """The people statements are attributed to: named subjects of verbs of saying."""
    found = []
    for token in doc:
        subject = subject_of(token) if is_cue(token) else None
        entity = _entity_of(subject) if subject is not None else None
        if entity is not None and entity.label_ == "PERSON":
            found.append(Value("name", "speaker", "speaker", entity.text))
    return found


def _entity_of(token: Token) -> Span | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _name_words(name: str) -> set[str]:
    words = {re.sub(r"['’]s$", "", w.strip(".’'").lower()) for w in re.split(r"[\s\-]+", name)}
    return {w for w in words if w and w not in _TITLE_WORDS}


def _names_agree(a: Value, b: Value) -> bool:
    return same_name(a.written, b.written)


def same_name(a: str, b: str) -> bool:
    """One entity: a shared word ("Mr Wang"/"Wang Guangya"), or two spellings of one word, a
    misspelling or a transliteration ("Pyongyang"/"Pyongang", "Gaddafi"/"Qadhafi")."""
    first, second = _name_words(a), _name_words(b)
    if first & second or any(close_spellings(x, y) for x in first for y in second):
        return True
    return bool({skeleton(w) for w in first} & {skeleton(w) for w in second})


def _names_differ(a: Value, b: Value) -> bool:
    return not _names_agree(a, b)


# How two values of each compared kind differ (a "mention" is compared with nothing).
DIFFER: dict[str, Callable[[Value, Value], bool]] = {
    "number": _numbers_differ,
    "date": _dates_differ,
    "name": _names_differ,
}
