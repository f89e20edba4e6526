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
# Exit status 3: the index was built with another configuration (a new version of the pipeline, another
# embedder); every folder it holds is read again into a fresh index, which replaces the old one only when
# complete, and then corpus/ is indexed as usual.
rc=0
.venv/bin/assistant index corpus/ "${store_args[@]}" || rc=$?
if [ "$rc" -eq 3 ]; then
    .venv/bin/assistant index --rebuild "${store_args[@]}" || [ $? -eq 1 ]
    rc=0
    .venv/bin/assistant index corpus/ "${store_args[@]}" || rc=$?
fi
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]
exec .venv/bin/python app.py "$@"
