#!/usr/bin/env bash
# Refreshes the lock files in requirements/ from pyproject.toml's ranges. Run it on purpose, then read
# CONTRIBUTING.md's "Refreshing the lock": catalogs' plural forms and the screenshots follow the new libraries.
#
# uv's resolver writes one universal lock (markers for Windows and macOS kept, e.g. tzdata on Windows) with the
# hashes of every wheel; plain pip installs it, so nobody needs uv to install Harbour, only to refresh the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q "uv==$UV_VERSION"
compile() {
  "$tmp/venv/bin/uv" pip compile --quiet --generate-hashes --universal --python-version 3.11 \
    --custom-compile-command "tools/lock.sh" "$@"
}
compile pyproject.toml requirements/build.in -o requirements/app.lock
compile pyproject.toml requirements/build.in --extra test -o requirements/test.lock
compile pyproject.toml requirements/build.in --extra build -o requirements/build.lock
echo "Locked: requirements/app.lock, test.lock, build.lock"
