#!/usr/bin/env bash
# Create .venv and install the project with its test extras from pyproject.toml (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # torch is pinned to 2.13.0 in pyproject.toml: it resolves to the local CPU wheel, not a CUDA build.
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
