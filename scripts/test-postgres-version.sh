#!/usr/bin/env bash
# Runs EchoDB's SQL-talking test suites against one PostgreSQL major version (docs/postgres-versions.md).
#
#   scripts/test-postgres-version.sh <13-18> [sql|e2e|all]    (default: sql)
#
#   sql  test-fixtures (PostgreSQL fixture, the PeerDB emulator's slot and publication side effects),
#        listener-service (trigger, DDL paths, classification, inventory, publication, replica identity),
#        alert-service (poll statement, slot rules, state store, restarts, replicas, several sources),
#        deploy-tests (database roles with the real poll statement): profile sql-suites, whose selection
#        (echodb.sql-suites in the root pom) leaves out what depends on no server version.
#   e2e  the end-to-end suite (main path, fault suite) against the packaged services; needs them packaged first
#        (./mvnw verify or ./mvnw package -DskipTests). Left out, because nothing in them depends on the server
#        version and ./mvnw verify runs them: UnsupportedPostgresVersionTest (PostgreSQL 12 whatever the version)
#        and PrometheusEndToEndTest (the Prometheus rules on a real Prometheus, 4 minutes).
#
# .ci/run runs the same selection on 13-17 in one reactor (profile postgres-matrix) and the e2e suite on 13.
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
  ./mvnw -B -ntp --fail-at-end test -Dechodb.test.postgres.version="$version" "$@"
}

if [ "$suites" = sql ] || [ "$suites" = all ]; then
  echo "== PostgreSQL $version: SQL suites"
  # Profile sql-suites selects the tests (property echodb.sql-suites in the root pom).
  mvn_test -Psql-suites -pl test-fixtures,listener-service,alert-service,deploy-tests
fi
if [ "$suites" = e2e ] || [ "$suites" = all ]; then
  echo "== PostgreSQL $version: end-to-end suite"
  # The refusal test starts PostgreSQL 12 whatever the version, the Prometheus test depends on none: verify runs them.
  mvn_test -pl test-fixtures,listener-service,mirror-service,alert-service,e2e-tests \
    -Dtest='io/echodb/e2e/**/*Test,!UnsupportedPostgresVersionTest,!PrometheusEndToEndTest' \
    -Dsurefire.failIfNoSpecifiedTests=false
fi
