#!/usr/bin/env bash
# EchoDB benchmarks: the main path latency (and the PostgreSQL floor), bursts, the alert poll and the
# footprint, measured against a real PostgreSQL (18 unless ECHODB_TEST_PG_VERSION says 13-17), the PeerDB and Slack emulators and the three packaged
# services run as processes (JVM mode) -- the same stack as ./run-local, started afresh per scenario.
#
#   ./bench/run.sh              full run (about 20 minutes); results in bench/results/
#   ./bench/run.sh --quick      short run with small counts, for development; results in bench/results/quick/
#   ./bench/run.sh --rebuild    rebuild first (./mvnw package -DskipTests), also done when jars are missing
#   ./bench/run.sh --help       every option (--only, --latency-tables, --burst-tables, --poll-minutes, ...)
#
# Writes latest.json, latest.md and PNG charts, and prints a table of results. Method and figures:
# docs/benchmarks.md. Everything the run starts is stopped when it ends, fails or is interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/java-env.sh

rebuild=0
args=()
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=1 ;;
    -h|--help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      if [ -e bench/target/classes/io/echodb/bench/BenchMain.class ] && [ -e bench/target/lib ]; then
        java -cp "bench/target/classes:bench/target/lib/*" io.echodb.bench.BenchMain --help
      fi
      exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

needs_build=$rebuild
for artefact in listener-service/target/quarkus-app/quarkus-run.jar \
                mirror-service/target/quarkus-app/quarkus-run.jar \
                alert-service/target/quarkus-app/quarkus-run.jar \
                e2e-tests/target/classes/io/echodb/e2e/LocalStack.class \
                bench/target/classes/io/echodb/bench/BenchMain.class \
                bench/target/lib; do
  [ -e "$artefact" ] || needs_build=1
done
if [ "$needs_build" = 1 ]; then
  echo "building EchoDB (./mvnw package -DskipTests), output in target/bench-build.log ..." >&2
  mkdir -p target
  if ! ./mvnw -B -q package -DskipTests > target/bench-build.log 2>&1; then
    tail -n 40 target/bench-build.log >&2
    echo "build failed; see target/bench-build.log" >&2
    exit 1
  fi
fi

# Every process this run starts (services, PostgreSQL) inherits this marker; whatever still carries it
# when the benchmark JVM is gone (killed before its own cleanup ran) is stopped by its pid.
export ECHODB_BENCH_RUN="bench-$$-$(date +%s%N)"
stop_leftovers() {
  local pids=() data_dirs=() pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qx "ECHODB_BENCH_RUN=$ECHODB_BENCH_RUN"; then
      pids+=("$pid")
      # An embedded PostgreSQL's data directory (postgres -D /tmp/echodb-pg-...) goes with it.
      data_dirs+=($( { tr '\0' '\n' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -A1 -x -- '-D' | grep '/echodb-pg-' || true))
    fi
  done
  [ ${#pids[@]} -eq 0 ] && return 0
  echo "stopping ${#pids[@]} leftover process(es): ${pids[*]}" >&2
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  for dir in ${data_dirs[@]+"${data_dirs[@]}"}; do
    rm -rf -- "$dir"
  done
}
trap stop_leftovers EXIT

# What was measured: the checkout's commit, marked when the working tree has changes.
if [ -z "${ECHODB_BENCH_COMMIT:-}" ] && git rev-parse --git-dir > /dev/null 2>&1; then
  ECHODB_BENCH_COMMIT=$(git rev-parse --short HEAD)
  git diff --quiet HEAD 2>/dev/null || ECHODB_BENCH_COMMIT="$ECHODB_BENCH_COMMIT with uncommitted changes"
fi
export ECHODB_BENCH_COMMIT="${ECHODB_BENCH_COMMIT:-unknown}"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
set +e
java -Xmx1g -Djava.awt.headless=true \
  -Dorg.jboss.logging.provider=jdk -Djava.util.logging.config.file=bench/target/classes/logging.properties \
  -cp "bench/target/classes:bench/target/lib/*" \
  io.echodb.bench.BenchMain --project-root "$root" ${args[@]+"${args[@]}"} &
bench_pid=$!
# Ctrl-C / SIGTERM: the JVM's shutdown hook stops the stacks; the EXIT trap catches what remains.
trap 'kill -TERM "$bench_pid" 2>/dev/null' INT TERM
while true; do
  wait "$bench_pid"
  status=$?
  kill -0 "$bench_pid" 2>/dev/null || break
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
