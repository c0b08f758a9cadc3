#!/usr/bin/env bash
# Regenerates native-bindings/src from numa.h with jextract (JDK 22 build or later).
#
# jextract is not packaged for Debian and cannot be downloaded on our build machines, so the
# committed files under src/ were written to be exactly what this script produces; run it where
# jextract is available and commit the result unchanged (never hand-patch the generated file:
# what jextract cannot generate lives in src/main/java22/org/panuma/backend/ffm/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if ! command -v jextract >/dev/null 2>&1; then
  echo "regenerate.sh: jextract not found on PATH (https://jdk.java.net/jextract/)" >&2
  exit 1
fi
rm -rf src/org/panuma/backend/ffm/bindings
jextract @jextract-options.txt numa.h
echo "regenerated: $(find src -name '*.java' | sort | tr '\n' ' ')"
