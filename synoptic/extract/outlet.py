"""Which outlet published an article: named by the user, by the page, or by its URL's domain."""

from __future__ import annotations

from urllib.parse import urlsplit

import tldextract

from synoptic.model import Outlet

# The suffix list bundled with tldextract: never fetched at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` ("https://www.bbc.co.uk/news" -> "bbc.co.uk"), or None."""
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    parts = _EXTRACT(host)
    return (parts.top_domain_under_public_suffix or host).lower()


def outlet_for(url: str | None, given: str | None = None, site_name: str | None = None) -> Outlet | None:
    """The outlet of an article: the name given by the user first, then the page's site name,
    then the URL's registered domain. The domain is kept whenever the URL has one."""
    domain = registered_domain(url)
    name = (given or site_name or domain or "").strip()
    if not name:
        return None
    return Outlet(name=name[:200], domain=domain)
