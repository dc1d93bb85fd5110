#!/usr/bin/env bash
# Set up everything the tests need (Python extras, Debian's chromium) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh tests
# shellcheck disable=SC1091
. .venv/bin/activate
# the Turtle files are in the canonical form (docs/modelling.md, "Canonical Turtle")
python -m zorgakkoorden fmt --check ontology graph examples
python -m pytest "$@"
