#!/usr/bin/env bash
# Set up and run every check: lint, types, the test suite (browser tests included), and the seed eval gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } && command -v apt-get >/dev/null; then
  # The browser tests drive Debian's chromium; Playwright's own browser download cannot work offline.
  # fonts-noto-cjk: without a CJK font, Chinese renders as empty boxes in the screenshots.
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
    || echo "warning: could not install chromium and fonts-noto-cjk; browser tests may be skipped" >&2
fi
.venv/bin/ruff check assistant index evals tests app.py
.venv/bin/mypy assistant index evals
.venv/bin/python -m pytest -q "$@"
