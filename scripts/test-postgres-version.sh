#!/usr/bin/env bash
# Runs EchoDB's SQL-talking test suites against one PostgreSQL major version (docs/postgres-versions.md).
#
#   scripts/test-postgres-version.sh <13-18> [sql|e2e|all]    (default: sql)
#
#   sql  test-fixtures (PostgreSQL fixture, the PeerDB emulator's slot and publication side effects),
#        listener-service (trigger, DDL paths, classification, inventory, publication, replica identity),
#        alert-service (poll statement, slot rules, state store, restarts, replicas, several sources),
#        deploy-tests (database roles with the real poll statement). Not alert-service's LoadTest and Slack
#        delivery tests, nor the packaged-jar *IT classes: nothing in them depends on the server version.
#   e2e  the end-to-end suite (main path, fault suite, version refusal) against the packaged services; needs
#        them packaged first (./mvnw verify or ./mvnw package -DskipTests).
#
# Used by .ci/run for 13-17 (18 is the default of ./mvnw verify).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh

version=${1:-}
suites=${2:-sql}
case "$version" in
  13|14|15|16|17|18) ;;
  *) echo "usage: scripts/test-postgres-version.sh <13-18> [sql|e2e|all]" >&2; exit 2 ;;
esac
case "$suites" in
  sql|e2e|all) ;;
  *) echo "unknown suite '$suites': use sql, e2e or all" >&2; exit 2 ;;
esac

mvn_test() {
  # -Dtest selects across the listed modules; modules without a match run none.
  ./mvnw -B -ntp test -Dechodb.test.postgres.version="$version" \
    -Dsurefire.failIfNoSpecifiedTests=false "$@"
}

if [ "$suites" = sql ] || [ "$suites" = all ]; then
  echo "== PostgreSQL $version: SQL suites"
  mvn_test -pl test-fixtures,listener-service,alert-service,deploy-tests \
    -Dtest='!LoadTest,!Slack*Test,!BotTokenTest'
fi
if [ "$suites" = e2e ] || [ "$suites" = all ]; then
  echo "== PostgreSQL $version: end-to-end suite"
  mvn_test -pl test-fixtures,listener-service,mirror-service,alert-service,e2e-tests \
    -Dtest='io/echodb/e2e/**/*Test'
fi
