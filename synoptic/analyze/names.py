"""Names in an article: the people's names the recogniser found, cleaned, and the ones it missed.

A name is a PERSON entity cleaned of titles and of the role up to the last office word ("DNC Chair
Tom Perez"), with the words the tokenizer split at hyphens joined again ("Kim Jong-un"), cut before a
function word ("Ramirez of Coronado"). An entity that is only a role, a date or holds an
abbreviation is no name. A surname of the article the recogniser labelled otherwise or not at all
is a name too, with the first names before it. ``speakers`` resolves them to people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Entity


MALE, FEMALE = "m", "f"


def word_set(text: str) -> frozenset[str]:
    """The words of a list written as one string."""
    return frozenset(text.split())


HONORIFICS = {"mr": MALE, "sir": MALE, "lord": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "dame": FEMALE}


# Titles dropped from the start of a name (kept as role words); the honorifics above are dropped too.
TITLES = word_set(
    "dr prof rev sen senator rep representative gov governor president vice secretary minister ambassador "
    "gen general lt col capt sgt adm judge justice mayor chairman chairwoman chief speaker pope king queen "
    "prince princess sheriff candidate nominee former the first lady attorney deputy acting"
)


# Role nouns that are never part of a name: a name is what follows the last of them ("Border Patrol
# Agent Rodney Scott"), and a name ending with one is a role ("North Korean Leader").
OFFICES = word_set(
    "president ambassador minister secretary director governor senator leader spokesman spokeswoman "
    "spokesperson chairman chairwoman chair chairperson representative mayor sheriff commissioner attorney "
    "counsel adviser advisor officer agent envoy diplomat official chancellor premier lawmaker congressman "
    "congresswoman lady candidate nominee founder executive"
)


# A name ends before one of these words ("Marely Ramirez of Coronado", "Trump Is Coming").
FUNCTION_WORDS = word_set(
    "of and or the for at by with from in on to is are was were has have had says said as into over after "
    "before about against amid among despite during without through toward towards unlike than upon within "
    "but not"
)


# Lower-case words that belong to a name ("Ursula von der Leyen").
NAME_PARTICLES = word_set("de da del della der den di du la le van von ter bin ibn al el y")


CALENDAR = word_set(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday"
)


# Words before a month or weekday that make it a date ("since April", "last Tuesday").
_DATE_BEFORE = word_set("on in since until by last next early late mid this of from")


NAME_SUFFIXES = word_set("jr sr")


# Generation numerals are dropped: "Robert Mueller III" is the "Robert Mueller" of the next line.
_NUMERALS = word_set("ii iii iv")


# A weak prior for people no honorific or pronoun has told about: common English first names.
FIRST_NAMES = {
    **dict.fromkeys(
        word_set(
            "john james robert michael william david richard joseph thomas charles christopher daniel matthew "
            "mark donald paul steven george kenneth andrew joshua kevin brian edward ronald timothy jason "
            "jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin "
            "samuel frank gregory raymond patrick jack dennis jerry tyler aaron henry peter adam douglas "
            "nathan zachary kyle walter harold carl jeremy keith roger gerald ethan arthur terry christian "
            "sean lawrence austin joe noah jesse albert bryan billy bruce willie jordan dylan alan ralph "
            "gabriel roy juan wayne eugene logan randy louis russell vincent philip bobby johnny bradley "
            "barack bill mitt ted marco mike jeb chris bernie rand newt rick tim ben jim tom bob dick al "
            "chuck harry mitch lindsey vladimir"
        ),
        MALE,
    ),
    **dict.fromkeys(
        word_set(
            "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty "
            "margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah "
            "stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela "
            "nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather "
            "diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan "
            "cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice "
            "madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia "
            "marie diana brittany natalie isabella charlotte rose alexis kayla hillary michele condoleezza "
            "sonia ruth elena kamala melania ivanka chelsea huma kellyanne sheryl nikki sarah carly hope"
        ),
        FEMALE,
    ),
}


# How many first names may stand before a surname the recogniser missed ("Sarah Huckabee Sanders").
FIRST_NAME_WORDS = 2


# Entity types of words that may be a first name the recogniser missed ("DNC Chair Tom Perez" as a work
# of art, "Felipe Calderon" as an organisation); not places or dates ("London Mayor Khan").
_FIRST_NAME_TYPES = frozenset(("", "PERSON", "ORG", "WORK_OF_ART", "PRODUCT"))


POSSESSIVES = frozenset(("'s", "’s", "'", "’"))


_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?")  # "U.S", "U.N." (one letter and a dot is an initial)


_INITIAL = re.compile(r"[A-Z]\.?")


_DASHES = frozenset(("-", "‐", "–"))


@dataclass(frozen=True)
class Name:
    """A name in the text: its tokens (titles included), its words (without them) and the titles."""

    tokens: Entity
    words: tuple[str, ...]
    titles: tuple[str, ...]

    @property
    def full(self) -> bool:
        """Two or more words besides a suffix ("Donald Trump Jr.", not "Trump Jr.")."""
        return len([w for w in self.words if bare(w) not in NAME_SUFFIXES]) > 1

    @property
    def key(self) -> tuple[str, ...]:
        """A full name's identity: first and last word, a suffix kept ("Donald Trump Jr."); the words of a short one."""
        words = [bare(w) for w in self.words]
        if not self.full:
            return tuple(words)
        last = f"{words[-2]} {words[-1]}" if words[-1] in NAME_SUFFIXES else words[-1]
        return (words[0], last)


def bare(word: str) -> str:
    """A word lower-cased without its trailing full stops, as the word lists hold it ("Mr." -> "mr")."""
    return word.lower().rstrip(".")


def name_of(tokens: Entity) -> Name | None:
    """The name in a run of tokens (see the module docstring), or None when it holds none."""
    words = pieces(tokens)
    if not words or any(_ABBREVIATION.fullmatch(w) for w in words):
        return None
    start = after_titles(words)
    titles, words = words[:start], _until_function_word(words[start:])
    words = [w for w in words if not _INITIAL.fullmatch(w) and bare(w) not in _NUMERALS]
    if not words or bare(words[-1]) in OFFICES or (len(words) == 1 and _date(words[0], tokens)):
        return None
    return Name(tokens, tuple(words), tuple(titles))


def _date(word: str, tokens: Entity) -> bool:
    """A month or weekday the recogniser took for a name ("on April 11"); the person "May" is kept."""
    doc = tokens.doc
    after = doc[tokens.end] if tokens.end < len(doc) else None
    before = doc[tokens.start - 1] if tokens.start else None
    dated = (after is not None and after.like_num) or (before is not None and before.lower_ in _DATE_BEFORE)
    return bare(word) in CALENDAR and dated


def pieces(tokens: Iterable[Token]) -> list[str]:
    """The words of tokens as written, hyphenated parts joined ("Jong-un"), possessives and punctuation dropped."""
    text = "".join(t.text_with_ws for t in tokens if t.text not in POSSESSIVES)
    words = (w.strip(",;:()[]\"“”'‘’") for w in text.split())
    return [w for w in words if w and any(c.isalpha() for c in w)]


def after_titles(words: Sequence[str]) -> int:
    """Where a name starts: after its leading titles, honorifics and function words ("Despite Trump"), and
    after the last office word."""
    start = 0
    while start < len(words) - 1 and bare(words[start]) in TITLES | HONORIFICS.keys() | FUNCTION_WORDS:
        start += 1
    offices = [i for i, w in enumerate(words[:-1]) if bare(w) in OFFICES]
    return max(start, offices[-1] + 1) if offices else start


def _until_function_word(words: Sequence[str]) -> list[str]:
    for index, word in enumerate(words):
        lower = word.lower()
        if index and (lower in FUNCTION_WORDS or not (word[0].isupper() or lower in NAME_PARTICLES)):
            return list(words[:index])
    return list(words)


def entity_names(doc: Doc) -> Iterator[Name]:
    """The names of a paragraph's PERSON entities, each widened over what the recogniser left out: a
    hyphenated ending ("Moon Jae" + "-in"), a last name ("Melania" + "Trump") and, before a lone
    surname, its first names ("Mayor Sadiq" + "Khan")."""
    for entity in doc.ents:
        if entity.label_ != "PERSON" or not (name := name_of(doc[entity.start : _name_end(doc, entity.end)])):
            continue
        start = _first_names_start(doc, entity.start, set()) if len(entity) == 1 else entity.start
        yield (name_of(doc[start : name.tokens.end]) or name) if start < entity.start else name


def _name_end(doc: Doc, end: int) -> int:
    """The end of a name the recogniser ended at ``end``: over hyphenated endings and one more name word."""
    end = _hyphen_end(doc, end)
    if end < len(doc) and doc[end - 1].whitespace_ and not doc[end].ent_type_ and _first_name(doc[end]):
        return end + 1
    return end


def _hyphen_end(doc: Doc, end: int) -> int:
    while (
        end + 1 < len(doc)
        and doc[end].text in _DASHES
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        end += 2
    return end


def surname_names(doc: Doc, known: set[str], short: set[str], taken: set[tuple[int, int]]) -> Iterator[Name]:
    """Names the recogniser mislabelled or missed: a surname it knows (``known``) alone or with first names
    before it, and another lone name of the recogniser (``short``) with first names before it."""
    words = known | short
    for token in doc:
        if token.text not in words or (id(doc), token.i) in taken or not _standalone(token):
            continue
        start = _first_names_start(doc, token.i, taken)
        if (start < token.i or token.text in known) and (name := name_of(doc[start : token.i + 1])):
            yield name


def _first_names_start(doc: Doc, end: int, taken: set[tuple[int, int]]) -> int:
    """Where the first names (and initials) before ``doc[end]`` start, if any do."""
    start = end
    while start > 0 and end - start < FIRST_NAME_WORDS + 1 and (id(doc), start - 1) not in taken:
        if not (_INITIAL.fullmatch(doc[start - 1].text) or _first_name(doc[start - 1])):
            break
        start -= 1
    while start < end and _INITIAL.fullmatch(doc[start].text):
        start += 1
    return start


def _standalone(token: Token) -> bool:
    """A surname not part of a longer name of something else ("the Trump administration", "Trump Tower")."""
    if token.dep_ == "compound":
        return False
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if entity is None:
        return True
    words = [t for t in entity if t.text not in POSSESSIVES]
    return entity.label_ not in ("DATE", "TIME") and words[-1] == token


def _first_name(token: Token) -> bool:
    """A word that may be a first name the recogniser missed: a common first name, or a capitalised word
    that is no title, function word or place (but a one-word "place"), and a proper noun (untagged: in
    some entity, or capitalised within its sentence)."""
    lower = token.lower_
    if not (token.is_alpha and token.is_title) or token.is_stop:
        return False
    if lower in FIRST_NAMES:
        return True
    if token.ent_type_ not in _FIRST_NAME_TYPES and not _lone_place(token):
        return False
    if lower in TITLES | OFFICES | HONORIFICS.keys() | CALENDAR:
        return False
    if token.tag_:
        return token.tag_ in ("NNP", "NNPS")
    before = token.doc[token.i - 1] if token.i else None  # capitalised within a sentence: a proper noun
    return bool(token.ent_type_) or (before is not None and (before.is_alpha or before.text in (",", ";", "(")))


def _lone_place(token: Token) -> bool:
    """A one-word place the recogniser found right before a name: a first name it mistook ("Sadiq Khan")."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.ent_type_ == "GPE" and token.ent_iob_ == "B" and (after is None or after.ent_iob_ != "I")
