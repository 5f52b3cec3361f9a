#!/usr/bin/env bash
# One command: set up casework in .venv and run the demo on the embedded SQLite store.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/casework ] || { python3 -m venv .venv && .venv/bin/pip install -q -e '.[test,dev]'; }
# By default the demo has a file of its own (demo.db), rebuilt on every run; a database
# you name in CASEWORK_DATABASE_URL must be empty (the demo never deletes it).
replace=()
if [ -z "${CASEWORK_DATABASE_URL:-}" ]; then
  export CASEWORK_DATABASE_URL="sqlite:///demo.db"
  replace=(--replace)
fi
.venv/bin/casework demo "${replace[@]}" "$@"
.venv/bin/casework verify
.venv/bin/casework publish --out demo-site   # the public site, from the demo's events
