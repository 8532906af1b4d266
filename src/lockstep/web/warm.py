"""Warming: compute every day's state, compliance and breakout once, in the background.

The record changes only when rows are added, so the answer for a date is the same until
then: computed once, kept compressed (a few kB a day), it is a lookup for every later
request. ``lockstep serve`` warms by default; tests and embedders opt in
(``Settings.warm``). The thread yields between days, so requests are answered while it
runs, and starts again when the record changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from lockstep.record import Record


def _encoded(build: Callable[[Record, Any], Any], record: Record, question: Any) -> bytes:
    from lockstep.web.cache import encode_json

    return encode_json(build(record, question))


def _breakout_document(record: Record, query: Any) -> dict[str, Any]:
    from lockstep.web.api.breakout import breakout_result

    return breakout_result(record, query)[0]


@dataclass
class Warmer:
    """The background computation of every day's documents, and how far it got.

    Attributes
    ----------
    days
        Days to compute per pass [count].
    done
        Days computed in the current pass [count].
    passes
        Passes finished (one per version of the record) [count].
    first, last
        The days warmed (default: the API's first day to today).
    """

    days: int = 0
    done: int = 0
    passes: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    failed: str | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self, app: FastAPI) -> None:
        """Start warming ``app``'s day cache in a daemon thread."""
        self._thread = threading.Thread(
            target=self._run, args=(app,), name="lockstep-warm", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to stop and wait for it (a day's computation at most)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def status(self) -> dict[str, Any]:
        """Progress, for ``/healthz`` (``failed`` names an unexpected error, if one stopped it)."""
        return {"days": self.days, "done": self.done, "passes": self.passes, "failed": self.failed}

    def _run(self, app: FastAPI) -> None:
        try:
            # The chart library takes ~1.5 s to import: load it here, not in the first
            # visitor's request (the explorer's first change took 2 s, the next 0.2 s).
            import altair  # noqa: F401

            self._warm(app)
        except Exception as exc:  # a bug must not pass silently: the app keeps serving
            self.failed = f"{type(exc).__name__}: {exc}"
            logging.getLogger("lockstep.web").exception("warming stopped")

    def _warm(self, app: FastAPI) -> None:
        from lockstep.errors import LockstepError
        from lockstep.record import load_record
        from lockstep.web.api.breakout import BreakoutQuery, breakout_json_key
        from lockstep.web.api.compliance import compliance_document, compliance_json_key
        from lockstep.web.api.state import state_document, state_json_key
        from lockstep.web.contract import EARLIEST_DAY

        cache = app.state.caches["days"]
        db = app.state.settings.db_url
        while not self._stop.is_set():
            record = load_record(db=db)
            first = self.first or EARLIEST_DAY
            last = self.last or dt.datetime.now(dt.UTC).date()
            self.days, self.done = (last - first).days + 1, 0
            for offset in range(self.days):
                if self._stop.is_set() or load_record(db=db) is not record:
                    break
                day = first + dt.timedelta(days=offset)
                query = BreakoutQuery(as_of=day)
                for key, build, question in (
                    (state_json_key(record, day), state_document, day),
                    (compliance_json_key(record, day), compliance_document, day),
                    (breakout_json_key(record, query), _breakout_document, query),
                ):
                    try:
                        cache.get_or_compute(
                            ("json", key), partial(_encoded, build, record, question)
                        )
                    except LockstepError:
                        # A question the API refuses on that day (e.g. breakout before
                        # the first centrifuge figure): the request gets the error itself.
                        continue
                self.done = offset + 1
            else:
                self.passes += 1
                # Wait for the record to change (a user's addition), or for the stop.
                while not self._stop.wait(5.0) and load_record(db=db) is record:
                    pass
