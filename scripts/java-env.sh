# Sourced by .ci/run, ./run-local and bench scripts: makes sure JAVA_HOME points at a JDK >= 21.
# Keeps the caller's JAVA_HOME when it is new enough; otherwise picks the newest JDK >= 21 under
# /usr/lib/jvm (on the project's build machines the default JDK is 17 and Temurin 25 sits there).

echodb_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

echodb_select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(echodb_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(echodb_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "EchoDB needs a JDK 21 or newer: set JAVA_HOME to one (none found under /usr/lib/jvm)." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

echodb_select_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
