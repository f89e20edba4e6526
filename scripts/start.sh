#!/usr/bin/env bash
# Set up, index corpus/ into the embedded store (incrementally), and start the Gradio app on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Exit status 1 means some files failed (named above); the rest is indexed, so the app still starts.
.venv/bin/assistant index corpus/ || [ $? -eq 1 ]
exec .venv/bin/python app.py "$@"
