"""Warming: every day's documents computed in the background are the ones asked for."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from fastapi.testclient import TestClient

from lockstep.record import load_record
from lockstep.web import Settings, create_app
from lockstep.web.api.compliance import compliance_document
from lockstep.web.api.state import state_document

FIRST, LAST = dt.date(2019, 6, 28), dt.date(2019, 7, 9)  # Iran passes the stock cap


def test_warmed_days_are_served_and_equal_fresh_answers(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path}/w.db", warm=True)
    app = create_app(settings)
    app.state.warmer.first, app.state.warmer.last = FIRST, LAST
    with TestClient(app, base_url="http://127.0.0.1") as client:
        deadline = time.monotonic() + 120
        while client.get("/healthz").json()["warm"]["passes"] < 1:
            assert time.monotonic() < deadline, "warming did not finish"
            time.sleep(0.2)
        assert client.get("/healthz").json()["warm"]["done"] == 12
        cache = app.state.caches["days"]
        assert len(cache) == 36  # state, compliance and breakout for 12 days
        record = load_record(db=settings.db_url)
        for day in (FIRST, dt.date(2019, 7, 1), LAST):
            state = client.get("/api/state", params={"as_of": str(day)})
            assert state.json() == json.loads(json.dumps(state_document(record, day)))
            findings = client.get("/api/compliance", params={"as_of": str(day)}).json()
            assert findings == json.loads(json.dumps(compliance_document(record, day)))
        assert len(cache) == 36  # every answer came from the warmed entries
        # The cap of 202.8 kg U was passed on 1 July 2019 (GOV/INF/2019/8).
        stock = {
            day: next(
                f
                for f in client.get("/api/compliance", params={"as_of": str(day)}).json()[
                    "findings"
                ]
                if f["obligation"] == "iran_stockpile_cap"
            )["status"]
            for day in (FIRST, LAST)
        }
        # Suspended since Iran's announcement of 8 May 2019, breached once over the cap.
        assert stock == {FIRST: "suspended", LAST: "breached"}


def test_a_day_the_api_refuses_does_not_stop_warming(tmp_path: Path) -> None:
    # Before any centrifuge figure the breakout is refused (a 422 for the request); the
    # state and the compliance of those days are still warmed, and the pass ends.
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path}/w.db", warm=True))
    app.state.warmer.first, app.state.warmer.last = dt.date(2012, 1, 1), dt.date(2012, 1, 3)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        deadline = time.monotonic() + 60
        while (status := client.get("/healthz").json()["warm"])["passes"] < 1:
            assert time.monotonic() < deadline, status
            time.sleep(0.1)
    assert status["failed"] is None
    assert status["done"] == 3
    assert len(app.state.caches["days"]) == 6
