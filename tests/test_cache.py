"""The load cache: a set read before from the same files comes back equal, and only then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kvalitet import StandardLoadError
from kvalitet.language.cache import cache_directory
from kvalitet.language.loader import load

from .conftest import STANDARDS


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KVALITET_CACHE_DIR", str(folder))
    monkeypatch.delenv("KVALITET_CACHE", raising=False)
    return folder


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "standards"
    shutil.copytree(STANDARDS / "haderslev", target / "haderslev")
    shutil.copytree(STANDARDS / "national", target / "national")
    return target


def test_a_second_load_comes_from_the_cache_and_is_equal(cache: Path, copy: Path) -> None:
    first = load([copy])
    [entry] = list(cache.glob("*.json"))
    assert load([copy]) == first
    entry.write_text(entry.read_text(encoding="utf-8").replace('"2024"', '"cached"'), "utf-8")
    assert load([copy]).files[0].standard.version == "cached"  # proof it was read from there


def test_a_changed_file_is_read_again(cache: Path, copy: Path) -> None:
    load([copy])
    standard = copy / "haderslev" / "2024" / "sel-102.yaml"
    standard.write_text(standard.read_text(encoding="utf-8").replace('version: "2024"',
                        'version: "2024b"'), encoding="utf-8")  # fmt: skip
    assert load([copy]).files[0].standard.version == "2024b"
    assert len(list(cache.glob("*.json"))) == 2


def test_a_broken_cache_entry_is_not_used(cache: Path, copy: Path) -> None:
    first = load([copy])
    for entry in cache.glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert load([copy]) == first


def test_a_failing_load_is_not_cached(cache: Path, copy: Path) -> None:
    standard = copy / "haderslev" / "2024" / "sel-102.yaml"
    standard.write_text(standard.read_text(encoding="utf-8") + "\nunknown_key: 1\n", "utf-8")
    for _ in range(2):
        with pytest.raises(StandardLoadError, match="unknown-key"):
            load([copy])
    assert not list(cache.glob("*.json"))


def test_the_cache_can_be_turned_off(
    cache: Path, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVALITET_CACHE", "off")
    assert cache_directory() is None
    load([copy])
    assert not cache.exists()
