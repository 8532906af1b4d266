"""Ids a person must not read: a scan of rendered pages and briefs for vocabulary ids.

Every id of the vocabularies (parties, sanctions measures, record quantities, JCPOA
obligations and milestones, sites, bands, comparators, sensitivity inputs, monitoring
levels, breakout models and structures, plan strategies) that is a snake_case or
hyphenated token, plus ``stock:<band>`` sensitivity inputs and the monitoring levels
written with spaces (``csa only``). Ids may stay in ``title`` attributes (hover), in
scripts (chart specs are data) and in ``<pre>`` blocks (the breakout inputs as JSON, for
copying); nowhere else.
"""

from __future__ import annotations

import html
import re
from functools import cache


@cache
def _pattern() -> re.Pattern[str]:
    from lockstep.agreement import load_agreement
    from lockstep.physics import breakout
    from lockstep.record import vocabulary
    from lockstep.report import labels

    words = vocabulary()
    jcpoa = load_agreement("jcpoa")
    ids = (
        set(words.parties)
        | set(words.measures)
        | set(words.quantities)
        | {o.id for o in jcpoa.obligations}
        | {m.id for m in jcpoa.milestones}
        | set(labels.SITES)
        | set(labels.BANDS)
        | set(labels.COMPARATORS)
        | set(labels.INPUTS)
        | set(labels.MONITORING)
        | set(breakout.MODELS)
        | set(breakout.STRUCTURES)
        | set(labels.STRATEGIES)
        | set(labels.KEYS)
    )
    tokens = sorted((i for i in ids if "_" in i or "-" in i), key=len, reverse=True)
    spaced = [m.replace("_", " ") for m in labels.MONITORING if "_" in m]
    alternatives = "|".join(map(re.escape, tokens + spaced))
    return re.compile(rf"(?<![\w./-])(?:{alternatives}|stock:\w+)(?![\w-])")


def visible_text(page: str) -> str:
    """What a person reads: no tags, attributes (``title``), scripts, styles or ``<pre>``."""
    page = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def leftover_ids(page: str) -> dict[str, str]:
    """Each vocabulary id found in the visible text of ``page``, with its context."""
    text = visible_text(page)
    found: dict[str, str] = {}
    for match in _pattern().finditer(text):
        context = " ".join(text[max(0, match.start() - 60) : match.end() + 30].split())
        found.setdefault(match.group(0), context)
    return found
