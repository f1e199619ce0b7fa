"""HTML rendering of the pages: one Jinja2 environment over the shared templates, autoescaping everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from synoptic import __version__
from synoptic.present.synopsis_view import safe_url

_TEMPLATES = Path(__file__).parent.parent / "templates"


def path_part(value: object) -> str:
    """``value`` percent-encoded as one path segment (a slash in an outlet's name stays inside it)."""
    return quote(str(value), safe="")


def article_href(article: object, sentence: int | None = None) -> str:
    """The article page, at one of its sentences when given."""
    anchor = f"#s{sentence}" if sentence is not None else ""
    return f"/articles/{path_part(article)}{anchor}"


def speaker_href(name: str) -> str:
    return f"/speakers/{path_part(name)}"


def outlet_href(name: str | None) -> str:
    return f"/outlets/{path_part(name or '')}"


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` of ``params`` updated with ``changes``, empty values left out."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


# What a dict's attribute lookup finds before its keys (``items``, ``keys``, ``get``...).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's environment with its lookup of ``a.b`` unchanged but faster on dicts, which the pages are
    made of: Jinja tries ``getattr(a, "b")`` first and takes ``a["b"]`` after catching the AttributeError,
    which cost a fifth of a search page's rendering."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]  # what getattr would have failed to find
        return super().getattr(obj, attribute)


_ENVIRONMENT = _Environment(
    loader=FileSystemLoader(_TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
_ENVIRONMENT.globals.update(
    href=article_href,
    speaker_href=speaker_href,
    outlet_href=outlet_href,
    safe_url=safe_url,
    path_part=path_part,
    query_string=query_string,
    version=__version__,
)


def render(template: str, **context: Any) -> str:
    """A page rendered from ``templates/<template>``."""
    return _ENVIRONMENT.get_template(template).render(**context)
