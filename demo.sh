#!/usr/bin/env bash
# One command: set up casework in .venv and run the demo on the embedded SQLite store.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/casework ] || { python3 -m venv .venv && .venv/bin/pip install -q -e '.[test,dev]'; }
export CASEWORK_DATABASE_URL="${CASEWORK_DATABASE_URL:-sqlite:///casework.db}"
.venv/bin/casework demo "$@"
.venv/bin/casework verify
