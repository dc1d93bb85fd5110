#!/usr/bin/env bash
# Set up a virtual environment in .venv with zorgakkoorden and the extras named.
#   usage: scripts/setup.sh [EXTRAS]       e.g. scripts/setup.sh tests
# Also installs Debian's chromium when the extras include the browser tests.
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

if [[ ",$extras," == *",tests,"* ]] && [ ! -x /usr/bin/chromium ]; then
    echo "==> installing Debian's chromium (for the browser tests)"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
