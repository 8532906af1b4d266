"""Which addresses a record row may cite (the sources policy of ``data/record/sources.yaml``).

A row's ``url`` is the page a reader can open to check the figure. It must be the
document itself (IAEA, UN, US and EU texts), a reputable analysis that quotes it, a wire
service or a newspaper with its own newsroom; never a blog, forum, document mirror,
aggregator or CDN, whose copies cannot be trusted to match the original. docs/data.md
("Sources policy") explains the kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal
from urllib.parse import urlparse

from lockstep.files import load_yaml

SourceKind = Literal["primary", "analysis", "wire", "press"]

#: Document symbols that let a reader find the primary text: IAEA Board and information
#: documents, INFCIRCs, UN Security Council documents and resolutions, US executive
#: orders and Federal Register citations, EU legal acts, the agreements themselves.
DOCUMENT_SYMBOL = re.compile(
    r"GOV/(?:INF/)?\d{4}/\d+|INFCIRC/\d+|S/RES/\d+|S/\d{4}/\d+|\bresolution \d{4}\b"
    r"|Executive Order \d+|\bE\.?O\.? \d{5}\b|\d+ FR \d+|Federal Register"
    r"|(?:Council )?(?:Implementing )?(?:Regulation|Decision) \((?:EU|CFSP)\)"
    r"|\b(?:JCPOA|JPOA|JPA)\b|Joint (?:Comprehensive )?Plan of Action"
    r"|\bUNSCR \d{4}|Public Law \d+-\d+",
    re.IGNORECASE,
)

#: A named, dated official document without a symbol ("IAEA report of 15 Mar 2021",
#: "US White House statement 13 Oct 2017", "E3 joint statement 31 Jan 2019").
NAMED_DOCUMENT = re.compile(
    r"\b(?:IAEA|UN|US|E3|EU|White House|State Department|Treasury|OFAC|Security Council|"
    r"Board of Governors|Director General|Council)\b[^;()]{0,40}?\b(?:report|statement|letter|"
    r"decision|resolution|regulation|notice|press release|determination|order|announcement)s?\b"
    r"|\b(?:State Department|White House|US Mission to (?:the )?UN|E3|IAEA)\b[^;()]{0,30}?"
    r"\b\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}\b",
    re.IGNORECASE,
)

#: A passage quoted from the source (at least 12 characters between quote marks).
QUOTE = re.compile(r"[\"“'‘][^\"”'’]{12,}[\"”'’]")


@dataclass(frozen=True)
class SourcePolicy:
    """Allowed hosts (with their kind) and denied host patterns (with the reason)."""

    allowed: dict[str, SourceKind]
    denied: dict[str, str]

    def host_kind(self, url: str) -> SourceKind | None:
        """Kind of the host of ``url``; ``None`` when the host is not allowed."""
        host = host_of(url)
        if not host or self.denial(url) is not None:
            return None
        for allowed, kind in self.allowed.items():
            if host == allowed or host.endswith("." + allowed):
                return kind
        return None

    def denial(self, url: str) -> str | None:
        """Why ``url`` is refused outright (blog, mirror, ...), or ``None``."""
        host = host_of(url)
        for pattern, reason in self.denied.items():
            if pattern in host:
                return reason
        return None

    def problem(self, url: str) -> str | None:
        """One line saying what is wrong with ``url``, or ``None`` when it may be cited."""
        if not url:
            return None
        reason = self.denial(url)
        if reason is not None:
            return f"{host_of(url)} is a {reason}; cite the document or an analysis quoting it"
        if self.host_kind(url) is None:
            host = host_of(url) or repr(url)
            return f"{host} is not an allowed source host (data/record/sources.yaml)"
        return None


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without ``www.`` and port ('' if there is none)."""
    host = (urlparse(url.strip()).hostname or "").lower()
    return host.removeprefix("www.")


@cache
def source_policy() -> SourcePolicy:
    """The packaged sources policy (``lockstep/data/record/sources.yaml``)."""
    text = resources.files("lockstep.data.record").joinpath("sources.yaml").read_text("utf-8")
    raw = load_yaml(text)
    return SourcePolicy(allowed=dict(raw["allowed"]), denied=dict(raw["denied"]))


def has_document_symbol(text: str) -> bool:
    """Whether ``text`` names a document a reader can look up.

    A symbol (:data:`DOCUMENT_SYMBOL`) or a named official document with its author
    (:data:`NAMED_DOCUMENT`).
    """
    return DOCUMENT_SYMBOL.search(text) is not None or NAMED_DOCUMENT.search(text) is not None


def has_quote(text: str) -> bool:
    """Whether ``text`` quotes its source (see :data:`QUOTE`)."""
    return QUOTE.search(text) is not None
