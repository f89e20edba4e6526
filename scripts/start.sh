#!/usr/bin/env bash
# Set up, index corpus/ into the embedded store (incrementally), and start the Gradio app on 127.0.0.1.
# Arguments go to app.py; `--store PATH` also names the store that corpus/ is indexed into.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
store_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --store) store_args=(--store "${args[$((i + 1))]:-}") ;;
        --store=*) store_args=(--store "${args[$i]#--store=}") ;;
    esac
done
# Exit status 1 means some files failed (named above); the rest is indexed, so the app still starts.
.venv/bin/assistant index corpus/ "${store_args[@]}" || [ $? -eq 1 ]
exec .venv/bin/python app.py "$@"
