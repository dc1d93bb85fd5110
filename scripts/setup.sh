#!/usr/bin/env bash
# Set up a virtual environment in .venv with zorgakkoorden and the extras named.
#   usage: scripts/setup.sh [EXTRAS]       e.g. scripts/setup.sh tests
# With the extras `tests`, also installs what the tests need outside Python: Debian's chromium
# and libapache-jena-java, and Apache Jena Fuseki in .cache/ (scripts/fuseki.sh).
# apt-get waits while another apt or dpkg run holds its lock (scripts/apt.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    "$python" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
if [ -n "$extras" ]; then
    echo "==> installing zorgakkoorden[$extras]"
    python -m pip install --quiet -e ".[$extras]"
else
    echo "==> installing zorgakkoorden"
    python -m pip install --quiet -e .
fi

if [[ ",$extras," == *",tests,"* ]]; then
    # shellcheck source=scripts/apt.sh
    . scripts/apt.sh
    debian=()
    # Debian's chromium for the browser tests
    if [ ! -x /usr/bin/chromium ]; then debian+=(chromium); fi
    # Debian's Apache Jena for the catalogue through Jena's engine (tests/test_catalogue_jena.py)
    if command -v java >/dev/null && [ ! -e /usr/share/java/jena-core.jar ]; then debian+=(libapache-jena-java); fi
    if [ "${#debian[@]}" -gt 0 ]; then
        echo "==> installing Debian's ${debian[*]} (for the tests)"
        apt_get update -qq
        apt_get install -y -qq "${debian[@]}"
    fi
    # Apache Jena Fuseki, the second real SPARQL server of tests/test_server_fuseki.py
    if ! fuseki_home="$(bash scripts/fuseki.sh)"; then
        echo "==> Apache Jena Fuseki is not installed (see above): tests/test_server_fuseki.py will be skipped"
    else
        echo "==> Apache Jena Fuseki in $fuseki_home"
    fi
fi
