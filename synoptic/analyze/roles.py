"""Roles and phrases: what the words of a name, or of a quote's subject, say of who it is.

The titles and appositions of a name (``role_words``, ``role_heads``, ``role_text``), whether it is a
subject, and for a subject that is no name: its noun phrase, whether it is definite, a group or a
member of one, and the dateline that may hide it. Pure functions over parsed tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from synoptic.analyze.names import HONORIFICS, POSSESSIVES, Name
from synoptic.analyze.nlp import Span, end_of, start_of

if TYPE_CHECKING:
    from spacy.tokens import Span as Entity
    from spacy.tokens import Token


# The dependency labels of a subject.
SUBJECTS = frozenset(("nsubj", "nsubjpass"))


def past_dateline(subject: Token) -> Token:
    """The subject a dateline hides ("SEOUL, South Korea — North Korea's leader, Kim Jong-un, announced"):
    its last apposition, when the subject opens its paragraph in capitals before a comma or dash."""
    doc = subject.doc
    marks = [t.i for t in doc[: min(len(doc), 8)] if t.text in (",", "—", "--", "–")]
    if not marks or subject.i >= marks[0] or not all(t.is_upper or not t.is_alpha for t in doc[: marks[0]]):
        return subject
    apposed = [c for c in subject.children if c.dep_ == "appos" and c.i > marks[-1]]
    return apposed[-1] if apposed else subject


def member(token: Token) -> bool:
    """A singular group word naming one person: "the California Democrat", "one Republican"."""
    return (
        token.ent_type_ == "NORP"
        and token.tag_ in ("NNP", "NN")
        and any(c.dep_ in ("det", "nummod", "compound", "amod") for c in token.children)
    )


def noun_phrase(head: Token) -> list[Token]:
    """The head noun with what precedes it in its phrase ("a senior American diplomat"), no clauses."""
    tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("punct", "relcl", "acl")]
    start = next((i for i, t in enumerate(tokens) if t.i >= head.left_edge.i), 0)
    return [t for t in tokens[start:] if head.i - t.i < 12]


def role_words(name: Name) -> set[str]:
    """Lower-cased words of the titles before and in a name and of its appositions."""
    tokens = name.tokens
    if not tokens.doc.has_annotation("DEP"):
        words = [t.lower_ for t in _titles_before(tokens)]
    else:
        root = tokens.root
        left = [t for t in root.subtree if t.i < tokens.start and t.dep_ != "det"]
        apposed = [t for child in root.children if child.dep_ == "appos" for t in child.subtree]
        if root.dep_ == "appos":
            apposed += [t for t in root.head.subtree if t.i < tokens.start and t.i >= root.head.left_edge.i]
        words = [t.lower_ for t in left + apposed if t.is_alpha or "." in t.text]
    return {w.rstrip(".") for w in (*words, *(t.lower() for t in name.titles))} - POSSESSIVES


def role_heads(name: Name) -> set[str]:
    """The role nouns of a name: the title right before it or in it, and the heads of its appositions."""
    tokens, heads = name.tokens, [t.lower() for t in name.titles[-1:]]
    before = tokens.doc[tokens.start - 1] if tokens.start else None
    if before is not None and _title_of(before, tokens):
        heads.append(before.lower_)
    if tokens.doc.has_annotation("DEP"):
        root = tokens.root
        heads += [c.lower_ for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            heads.append(root.head.lower_)
    return {h.rstrip(".") for h in heads}


def _title_of(token: Token, name: Entity) -> bool:
    """Whether the word before a name is its title: a noun compounded with it ("Ambassador Wang"), or
    (unparsed) a capitalised word."""
    if not token.text.rstrip(".").isalpha():
        return False
    if token.doc.has_annotation("DEP"):
        return token.dep_ == "compound" and token.head.i in range(name.start, name.end) and token.tag_.startswith("NN")
    return token.is_title


def is_subject(tokens: Entity) -> bool:
    """Whether a name is a subject, or in apposition to one ("The official, Ali Shamkhani, said"): by the
    parse, or (unparsed) when it opens its paragraph after its titles."""
    if tokens.doc.has_annotation("DEP"):
        return in_clause(tokens.root).dep_ in SUBJECTS
    return tokens.start == len(_titles_before(tokens))


def in_clause(root: Token) -> Token:
    """The token that stands for a name in its clause: the name, or the noun it is in apposition to."""
    return root.head if root.dep_ == "appos" else root


def _titles_before(tokens: Entity) -> list[Token]:
    """Without a parse: the capitalised words and possessives right before a name ("China's U.N. Ambassador")."""
    words: list[Token] = []
    for token in reversed(tokens.doc[max(0, tokens.start - 6) : tokens.start]):
        if not (token.is_title or token.is_upper or token.lower_ in POSSESSIVES):
            break
        words.insert(0, token)
    return words


def entity_of(token: Token) -> Entity | None:
    """The entity holding ``token``, if any."""
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def role_text(name: Entity) -> str | None:
    """The words before a name in its phrase ("Japan's UN Ambassador"), honorifics left out."""
    left = [t for t in name.root.subtree if t.i < name.start and t.dep_ not in ("punct", "det")]
    while left and left[0].lower_.rstrip(".") in HONORIFICS:
        left.pop(0)
    return text_of(left) or None


def with_honorific(name: Entity) -> Span:
    """A name's span, widened over an honorific just before it ("Mr Wang")."""
    before = name.doc[name.start - 1] if name.start else None
    first = before if before is not None and before.lower_.rstrip(".") in HONORIFICS else name[0]
    return Span(start_of(first), end_of(name[-1]))


def text_of(tokens: Sequence[Token]) -> str:
    """The text from the first to the last of ``tokens`` as written (their spacing kept)."""
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def group_name(entity: Entity) -> str:
    """The name of an organisation, place or group without "the" and possessive marks."""
    words = [t.text for t in entity if t.lower_ != "the" and t.text not in POSSESSIVES]
    return " ".join(words) or entity.text


def definite(phrase: Sequence[Token]) -> bool:
    """Whether a noun phrase is definite: opened by "the", "this" or "that", or holding a possessive."""
    first = phrase[0].lower_
    return first in ("the", "this", "that") or any(t.dep_ == "poss" for t in phrase)


def lower_article(text: str) -> str:
    """The text with an opening "A", "An" or "The" in lower case."""
    head, _, rest = text.partition(" ")
    return f"{head.lower()} {rest}" if rest and head in ("A", "An", "The") else text
