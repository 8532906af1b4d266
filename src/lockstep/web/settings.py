"""Settings of the web app, read from the environment (``LOCKSTEP_*``) or given directly."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from lockstep.errors import DomainError

#: Host names a browser on this machine uses for the loopback interface.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: Bind addresses meaning "every interface": not a name a request can carry.
_ANY_INTERFACE = ("0.0.0.0", "::")


@dataclass(frozen=True)
class Settings:
    """Configuration of one web app instance.

    Attributes
    ----------
    host, port
        Where ``lockstep serve`` listens; loopback unless told otherwise.
    db_url
        SQLAlchemy URL of the store (``None``: the SQLite file in the user's data dir).
    token
        Secret that enables writes (saving scenarios, plans, observations); ``None``
        keeps the app read-only. Env: ``LOCKSTEP_TOKEN``.
    max_samples
        Cap on Monte Carlo samples per request [count].
    max_horizon_days
        Cap on planning horizons [days].
    max_body_bytes
        Cap on request bodies [bytes].
    cache_size
        Entries kept in the in-process result caches [count].
    allowed_hosts
        Host names the app answers to (the ``Host`` header), loopback by default; a
        guard against DNS rebinding. Env: ``LOCKSTEP_ALLOWED_HOSTS``, comma-separated.
    max_saved_page
        Most saved items one ``GET /api/saved`` returns [count].
    warm
        Compute every day's state, compliance and default breakout documents in the
        background at start (``lockstep serve`` does). Env: ``LOCKSTEP_WARM`` (``1``/``0``).
    day_cache_size
        Day documents (state, compliance and default breakout, compressed) kept [count];
        three per day since November 2013 fit in the default.
    planner_time_limit_ms
        CP-SAT time limit of a question asked on the planner page [ms]: the page answers
        within about a second and says when a plan is not proven optimal (a link asks
        again with the API's longest search). Env: ``LOCKSTEP_PLANNER_TIME_LIMIT_MS``.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    db_url: str | None = None
    token: str | None = None
    max_samples: int = 20_000
    max_horizon_days: int = 3_650
    max_body_bytes: int = 256 * 1024
    cache_size: int = 256
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    max_saved_page: int = 100
    warm: bool = False
    day_cache_size: int = 16_000
    planner_time_limit_ms: int = 500

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from ``LOCKSTEP_*`` environment variables, then ``overrides``."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            # The store's URL is LOCKSTEP_DB everywhere (CLI, record, web).
            name = "LOCKSTEP_DB" if item.name == "db_url" else f"LOCKSTEP_{item.name.upper()}"
            raw = os.environ.get(name)
            if raw is None or raw == "":
                continue
            if item.type in ("int", int):
                try:
                    values[item.name] = int(raw)
                except ValueError:
                    raise DomainError(name, f"a whole number (got {raw!r})") from None
                if values[item.name] < 1:
                    raise DomainError(name, "a whole number >= 1", value=values[item.name])
            elif item.type in ("bool", bool):
                if raw not in ("0", "1", "true", "false"):
                    raise DomainError(name, "1 or 0", value=None)
                values[item.name] = raw in ("1", "true")
            elif item.name == "allowed_hosts":
                hosts = tuple(h.strip() for h in raw.split(",") if h.strip())
                if not hosts:
                    raise DomainError(name, "comma-separated host names", value=None)
                values[item.name] = hosts
            else:
                values[item.name] = raw
        settings = cls(**values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

    def trusted_hosts(self) -> list[str]:
        """The ``Host`` names answered: ``allowed_hosts`` plus the address bound, if named."""
        bound = [] if self.host in _ANY_INTERFACE else [self.host]
        return list(dict.fromkeys([*self.allowed_hosts, *bound]))
