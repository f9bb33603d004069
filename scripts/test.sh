#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run it in tiers:
# lint, fast (queries, pure functions, pages in AppTest), browser (real Chromium), office (the brief
# rendered by LibreOffice), postgresql (the state store on a real PostgreSQL), spark (derived tables
# and queries on Spark and DuckDB give the same rows). Each tier's time is printed. Extra arguments go
# to every pytest tier (e.g. -x).
set -euo pipefail
cd "$(dirname "$0")/.."

# The dev lock pins every package, direct and transitive, with PyPI's hashes (regenerate it with
# pip-compile --generate-hashes --allow-unsafe --strip-extras --output-file=requirements-dev.lock
# requirements-dev.txt after changing requirements*.txt; requirements.lock likewise for the app).
python3 -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock

# The browser tests drive Debian's Chromium; screenshots need a CJK font. The office tier renders the
# brief with LibreOffice Impress and reads the PDF back with poppler (pdftotext, pdftoppm). The
# postgresql tier runs the state-store tests on a throwaway cluster that tests/state_stores.py starts
# with Debian's initdb on a loopback port (as the `postgres` user when run as root).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "cjk" || missing+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# The spark tier runs PySpark (from the dev lock) in local mode on Debian's Java 17.
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
office=()
command -v soffice >/dev/null || office+=(libreoffice-impress)
command -v pdftotext >/dev/null || office+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ] || [ ${#office[@]} -gt 0 ]; then
  apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ${#office[@]} -gt 0 ]; then  # without LibreOffice's recommends (Java, help, gstreamer): minutes less
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${office[@]}" >/dev/null
fi

tier() {
  local name=$1; shift
  local started=$SECONDS
  echo "== tier: $name"
  "$@"
  echo "== tier $name: $((SECONDS - started)) s"
}

tier lint python3 -m ruff check .
tier fast python3 -m pytest -q --ignore=tests/e2e --ignore=tests/office --ignore=tests/spark -k "not postgresql" "$@"
tier browser python3 -m pytest -q tests/e2e "$@"
tier office python3 -m pytest -q tests/office "$@"
tier postgresql python3 -m pytest -q tests/test_state.py -k postgresql "$@"
tier spark python3 -m pytest -q tests/spark "$@"
