#!/usr/bin/env bash
# Regenerates native-bindings/src from numa.h with jextract, or checks that the committed files are
# exactly what jextract generates.
#
#   native-bindings/regenerate.sh           rewrite src/ (commit the result unchanged)
#   native-bindings/regenerate.sh --check   generate into a temporary folder and fail on any difference
#
# Never hand-patch the generated files: what jextract cannot generate (errno capture) is hand-written
# in src/main/java22/org/panuma/backend/ffm/. The committed files were generated on Debian 12 (its
# linux-libc-dev headers); other headers may give other text.
#
# jextract is found on PATH, else at ../shared/tools/jextract/jextract beside the project's root
# (a jextract built from https://github.com/openjdk/jextract with its wrapper that finds a JDK 22+
# and Debian's libclang). Its output needs Java 23 or later to compile (SymbolLookup.findOrThrow).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(dirname "$here")
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "regenerate.sh: unknown argument '$1' (use --check or nothing)" >&2; exit 2 ;;
esac

jextract=$(command -v jextract || true)
if [[ -z $jextract && -x $root/../shared/tools/jextract/jextract ]]; then
  jextract=$(readlink -f "$root/../shared/tools/jextract/jextract")
fi
if [[ -z $jextract ]]; then
  echo "regenerate.sh: jextract not found on PATH nor at $(readlink -m "$root/../shared/tools/jextract/jextract")." >&2
  echo "  Get it from https://jdk.java.net/jextract/ (builds) or build https://github.com/openjdk/jextract," >&2
  echo "  and put its bin/ on PATH (it needs libclang: apt-get install libclang1-14 libclang-common-14-dev)." >&2
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/numa.h" "$here/jextract-options.txt" "$work/"
(cd "$work" && "$jextract" @jextract-options.txt numa.h)

if $check; then
  if diff -ru "$here/src" "$work/src"; then
    echo "regenerate.sh: native-bindings/src is what $jextract generates from numa.h"
  else
    echo "regenerate.sh: native-bindings/src differs from what jextract generates (diff above);" \
         "run native-bindings/regenerate.sh and commit the result" >&2
    exit 1
  fi
else
  rm -rf "$here/src"
  cp -r "$work/src" "$here/src"
  echo "regenerated with $jextract: $(cd "$here" && find src -name '*.java' | sort | tr '\n' ' ')"
fi
