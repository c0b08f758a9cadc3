# Sourced by ./panuma and ./run-tests: finds the JDKs panuma builds and tests with.
#
#   panuma_find_jdk MIN   prints the home of a JDK whose java is version >= MIN:
#                         $JAVA_HOME first, then the newest under /usr/lib/jvm; nothing if none.
#   panuma_pick_jdk MIN   the same into PANUMA_JDK and PANUMA_FEATURE, without a subshell.
#   panuma_java_feature HOME   prints the feature version of HOME/bin/java (17, 25, ...).

# Sets PANUMA_FEATURE to the feature version of HOME/bin/java (17, 25, ...); fails when HOME
# is not a JDK. No subshell and no other process when the JDK has its release file: ./panuma
# looks at every JDK under /usr/lib/jvm at each start, and a process per JDK was most of the
# launcher's own time (BENCHMARKS.md, "Start-up").
panuma_read_feature() {
  local home=$1 line
  PANUMA_FEATURE=
  [ -x "$home/bin/java" ] || return 1
  [ -x "$home/bin/javac" ] || return 1
  # The JDK's release file names its version: reading it costs nothing, while asking java
  # starts a JVM (~0.3 s here, ~1.5 s in a TCG guest) for every JDK looked at.
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=\"*)
          line=${line#JAVA_VERSION=\"}
          line=${line%%[!0-9]*}
          # JDK 8 and older say 1.8.0_x: feature 1, below any minimum we ask for.
          [ -n "$line" ] && { PANUMA_FEATURE=$line; return 0; }
          break ;;
      esac
    done < "$home/release"
  fi
  line=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version' || true)
  line=${line##*= }
  line=${line%%.*}
  [ -n "$line" ] && PANUMA_FEATURE=$line
}

panuma_java_feature() {
  panuma_read_feature "$1" && echo "$PANUMA_FEATURE"
}

# Sets PANUMA_JDK (and PANUMA_FEATURE, its version) to a JDK whose java is version >= MIN:
# $JAVA_HOME first, then the newest under /usr/lib/jvm; fails if there is none.
panuma_pick_jdk() {
  local min=$1 best="" best_v=0 home
  PANUMA_JDK=
  if [ -n "${JAVA_HOME:-}" ] && panuma_read_feature "$JAVA_HOME" && [ "$PANUMA_FEATURE" -ge "$min" ]; then
    PANUMA_JDK=$JAVA_HOME
    return 0
  fi
  for home in /usr/lib/jvm/*; do
    [ -L "$home" ] && continue
    panuma_read_feature "$home" || continue
    if [ "$PANUMA_FEATURE" -ge "$min" ] && [ "$PANUMA_FEATURE" -gt "$best_v" ]; then best=$home; best_v=$PANUMA_FEATURE; fi
  done
  [ -n "$best" ] || return 1
  PANUMA_JDK=$best
  PANUMA_FEATURE=$best_v
}

panuma_find_jdk() {
  panuma_pick_jdk "$1" && echo "$PANUMA_JDK"
}

# Prints the home of a JDK of exactly feature version WANT under /usr/lib/jvm, if any.
panuma_find_jdk_exact() {
  local want=$1 home
  for home in /usr/lib/jvm/*; do
    [ -L "$home" ] && continue
    panuma_read_feature "$home" || continue
    if [ "$PANUMA_FEATURE" = "$want" ]; then echo "$home"; return 0; fi
  done
}

panuma_no_jdk_message() {
  cat >&2 <<'MSG'
panuma needs a JDK 23 or later to build (the jar then runs on Java 17+).
None was found in $JAVA_HOME or under /usr/lib/jvm. Install one, for example:
  Debian 13 / Ubuntu 24.04:  sudo apt-get install openjdk-25-jdk-headless
  or Temurin from https://adoptium.net (it installs under /usr/lib/jvm),
then run this command again (or set JAVA_HOME to its directory).
MSG
}

# Installs Debian packages that are missing, when root; otherwise says what to install.
panuma_need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} with apt-get" >&2
    if [ -z "${PANUMA_APT_UPDATED:-}" ]; then
      apt-get update -qq >&2 || true
      export PANUMA_APT_UPDATED=1
    fi
    # PANUMA_APT_NO_RECOMMENDS=1: the packages alone (prometheus recommends a web UI's worth of JavaScript).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${PANUMA_APT_NO_RECOMMENDS:+--no-install-recommends} \
      "${missing[@]}" >&2
  else
    echo "panuma: please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
}
