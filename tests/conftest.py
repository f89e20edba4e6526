"""Shared fixtures: offline environment before any heavy import, the seed corpus, fresh stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import offline_environment

offline_environment()

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
BENCHMARKS = SHARED / "benchmarks"

SEED_FILES = {
    "000": "weihai-motor-industry-reply-2024-05-31.txt",
    "001": "weihai-smart-manufacturing-reply-2024-05-31.txt",
    "002": "zhoucun-intelligent-equipment-reply-2023-08-15.txt",
    "003": "weihai-new-industrialisation-press-conference.txt",
    "004": "zhangdian-industrial-clusters-reply-2024-06-24.txt",
}


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the seed corpus."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture
def make_assistant(tmp_path):
    """Build an Assistant on a fresh embedded store; closes every store it opened."""
    from assistant.api import build_assistant
    from assistant.config import Settings

    opened = []

    def make(store: Path | None = None, **kw):
        settings = Settings(store=store or tmp_path / "store", corpus=CORPUS, **kw)
        a = build_assistant(settings)
        opened.append(a)
        return a

    yield make
    for a in opened:
        a.close()


@pytest.fixture(scope="session")
def seed_assistant(tmp_path_factory):
    """One Assistant over the indexed seed corpus, shared by read-only tests."""
    from assistant.api import build_assistant
    from assistant.config import Settings

    a = build_assistant(Settings(store=tmp_path_factory.mktemp("seedstore") / "store", corpus=CORPUS))
    report = a.index([CORPUS])
    assert report.documents == 5 and not report.failed
    yield a
    a.close()
