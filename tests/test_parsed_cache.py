"""The parsed-data cache (lockstep.parsed_cache): same objects, never stale, never required."""

from __future__ import annotations

from pathlib import Path

import pytest

from lockstep import parsed_cache
from lockstep.parsed_cache import parsed_once


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOCKSTEP_CACHE_DIR", str(tmp_path))
    return tmp_path


def _counting() -> tuple[list[int], object]:
    calls: list[int] = []

    @parsed_once("test-kind")
    def load(n: int) -> tuple[int, ...]:
        calls.append(n)
        return tuple(range(n))

    return calls, load


def test_a_second_run_reads_what_the_first_parsed(folder: Path) -> None:
    calls, load = _counting()
    assert load(3) == (0, 1, 2)  # type: ignore[operator]
    assert len(list(folder.glob("test-kind-*.pickle"))) == 1
    assert load(3) == (0, 1, 2)  # type: ignore[operator]
    assert calls == [3]  # the second call never parsed
    assert load(4) == (0, 1, 2, 3)  # type: ignore[operator]
    assert calls == [3, 4]  # other arguments, other entry


def test_an_edit_to_the_package_makes_a_new_key(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, load = _counting()
    load(2)  # type: ignore[operator]
    monkeypatch.setattr(parsed_cache, "fingerprint", lambda: "0" * 32)
    load(2)  # type: ignore[operator]
    assert calls == [2, 2]
    # the stale entry is removed when the new one is written
    (entry,) = folder.glob("test-kind-*.pickle")
    assert entry.name.endswith("0" * 32 + ".pickle")


def test_the_fingerprint_follows_every_file_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    (package / "data").mkdir(parents=True)
    (package / "data" / "a.yaml").write_text("a: 1\n")
    monkeypatch.setattr(parsed_cache, "_PACKAGE_DIR", package)
    parsed_cache.fingerprint.cache_clear()
    try:
        before = parsed_cache.fingerprint()
        parsed_cache.fingerprint.cache_clear()
        (package / "data" / "a.yaml").write_text("a: 2 # edited\n")
        assert parsed_cache.fingerprint() != before
    finally:
        parsed_cache.fingerprint.cache_clear()


def test_a_corrupt_entry_is_parsed_again(folder: Path) -> None:
    calls, load = _counting()
    load(2)  # type: ignore[operator]
    for entry in folder.glob("test-kind-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load(2) == (0, 1)  # type: ignore[operator]
    assert calls == [2, 2]


def test_turned_off_or_unwritable_it_only_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOCKSTEP_CACHE_DIR", "")
    calls, load = _counting()
    assert load(2) == (0, 1)  # type: ignore[operator]
    assert load(2) == (0, 1)  # type: ignore[operator]
    assert calls == [2, 2]
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("LOCKSTEP_CACHE_DIR", str(blocked / "cache"))  # cannot be created
    assert load(2) == (0, 1)  # type: ignore[operator]


def _comparable(value: object) -> object:
    from lockstep.roadmap.catalogue import Catalogue

    return (value.spec, value.source) if isinstance(value, Catalogue) else value


def test_cached_packaged_data_equals_a_fresh_parse(folder: Path) -> None:
    # The objects read back are the ones the parsers build: the agreement, the
    # catalogue, the target and the record's rows.
    from lockstep.agreement import loader
    from lockstep.record import load as record_load
    from lockstep.roadmap import catalogue_file, target

    loaders = [
        (loader._packaged, ("jcpoa",)),
        (catalogue_file._packaged_catalogue, ("worked_example",)),
        (target._packaged_target, ("jcpoa2015",)),
        (record_load.packaged_rows, ()),
    ]
    for cached_loader, args in loaders:
        fresh = cached_loader.__wrapped__.__wrapped__(*args)  # type: ignore[attr-defined]
        parsed_once_loader = cached_loader.__wrapped__  # type: ignore[attr-defined]
        first = parsed_once_loader(*args)  # parses and writes
        second = parsed_once_loader(*args)  # reads the file
        assert _comparable(first) == _comparable(fresh)
        assert _comparable(second) == _comparable(fresh)
    kinds = {p.name.rsplit("-", 2)[0] for p in folder.glob("*.pickle")}
    assert {"agreement", "catalogue", "target", "record-rows"} <= kinds
