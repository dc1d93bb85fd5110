#!/usr/bin/env bash
# The main job: set up, check the graph, and build the static site (graph views, overlap view,
# matrices, query pages, ontology docs, downloads) into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh docs,fast
# shellcheck disable=SC1091
. .venv/bin/activate
zorgakkoorden build --out site
echo "==> open site/index.html in a browser"
