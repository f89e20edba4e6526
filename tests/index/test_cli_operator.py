"""Operator details of `assistant search` / `ask`: bad -k, a filter value no document has."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import CORPUS


def cli(*args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("op") / "store"
    assert cli("index", str(CORPUS), "--store", str(path)).returncode == 0
    return path


@pytest.mark.parametrize("k", ["0", "-3"])
def test_search_k_must_be_positive(store, k):
    proc = cli("search", "电机", "-k", k, "--store", str(store))
    assert proc.returncode == 2 and "must be at least 1" in proc.stderr


def test_a_filter_value_no_document_has_is_named(store):
    proc = cli("ask", "电机产业有哪些措施？", "--region", "火星市", "--store", str(store))
    assert proc.returncode == 0
    assert "no indexed document has region '火星市'" in proc.stderr
    proc = cli("search", "电机", "--region", "威海市", "--store", str(store))
    assert "no indexed document" not in proc.stderr
