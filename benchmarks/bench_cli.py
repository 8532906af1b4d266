"""CLI start-up: how much slower than ``lockstep --help`` the everyday commands are.

Each command runs as a fresh process (what a user waits for), best of a few runs; the
figures are ratios to ``lockstep --help`` timed in the same run, so a busy machine slows
both sides alike. Targets (issue 15): ``plan --catalogue worked_example``, ``status`` and
``breakout`` each within 4x ``--help``: the solver, pandas, WeasyPrint, Altair, dask and
the web stack load only for the commands that use them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from benchmarks import scaled

#: Commands timed against ``--help``, with their target ratio.
COMMANDS: dict[str, tuple[list[str], float]] = {
    "plan --catalogue worked_example": (["plan", "--catalogue", "worked_example"], 4.0),
    "status": (["status"], 4.0),
    "breakout": (["breakout"], 4.0),
    "state": (["state"], 4.0),
}


def _seconds(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lockstep", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    return time.perf_counter() - began


def _best(args: list[str], env: dict[str, str], runs: int) -> float:
    return min(_seconds(args, env) for _ in range(runs))


def main() -> list[tuple[str, float, str, str]]:
    runs = scaled(5, 2)
    folder = tempfile.mkdtemp(prefix="lockstep-bench-cli-")
    # An installed package runs from compiled bytecode; a sandbox that forbids writing it
    # (PYTHONDONTWRITEBYTECODE) would time the compiler instead. The cache goes to a
    # temporary folder, and the database to a file that does not exist (no additions).
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "PYTHONPYCACHEPREFIX": f"{folder}/pycache",
        "LOCKSTEP_DB": f"sqlite:///{folder}/bench.db",
    }
    _seconds(["--help"], env)  # warm the file cache and write the bytecode
    help_s = _best(["--help"], env, runs)
    rows = [("cli: lockstep --help", help_s, "s", "-")]
    for name, (args, target) in COMMANDS.items():
        _seconds(args, env)  # bytecode of the modules this command imports
        rows.append(
            (f"cli: {name} / --help", _best(args, env, runs) / help_s, "x", f"<= {target:g}")
        )
    return rows


if __name__ == "__main__":
    for row in main():
        print(row)
