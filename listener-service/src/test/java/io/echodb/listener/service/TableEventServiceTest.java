package io.echodb.listener.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.listener.metrics.ListenerMetrics;
import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.Listening;
import io.echodb.listener.testing.Metrics;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * From DDL in a real PostgreSQL to the event mirror-service receives: trigger, LISTEN, classification,
 * forwarding. Each test uses its own table names; the database belongs to this class.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class TableEventServiceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void listening() {
        Listening.awaitReady();
    }

    @Test
    void createTablePublishesAnEligibleCreatedEvent() {
        Instant before = Instant.now();
        Sql.run("CREATE TABLE public.orders (id bigint PRIMARY KEY, note text)");

        JsonObject event = awaitEvent("public", "orders");

        assertThat(event.getString("type")).isEqualTo("CREATED");
        assertThat(event.getString("source")).isEqualTo("postgres_main");
        assertThat(event.getLong("oid")).isEqualTo(Sql.queryLong("SELECT 'public.orders'::regclass::oid::bigint"));
        assertThat(event.getString("kind")).isEqualTo("ORDINARY");
        assertThat(event.getString("persistence")).isEqualTo("PERMANENT");
        assertThat(event.getString("replicaIdentity")).isEqualTo("DEFAULT");
        assertThat(event.getBoolean("hasPrimaryKey")).isTrue();
        assertThat(event.getBoolean("eligible")).isTrue();
        assertThat(event.containsKey("reason")).isTrue();
        assertThat(event.getString("reason")).isNull();
        assertThat(event.getString("commandTag")).isEqualTo("CREATE TABLE");
        assertThat(Instant.parse(event.getString("observedAt"))).isBetween(before, Instant.now());
        assertThat(event.getString("observedAt")).endsWith("Z");
        assertThat(mirrorService.requestsFor("orders"))
                .extracting(MirrorServiceStub.Received::apiKey)
                .containsOnly("test-api-key-not-a-secret");
    }

    @Test
    void createTableAsAndSelectIntoWithoutAKeyAreSkipped() {
        Sql.run("CREATE TABLE public.orders_copy AS SELECT 1::bigint AS id, 'x'::text AS note");
        Sql.run("SELECT 2::bigint AS id INTO public.numbers_into");

        JsonObject copy = awaitEvent("public", "orders_copy");
        JsonObject into = awaitEvent("public", "numbers_into");

        assertThat(copy.getString("commandTag")).isEqualTo("CREATE TABLE AS");
        assertThat(copy.getBoolean("eligible")).isFalse();
        assertThat(copy.getString("reason")).isEqualTo("no primary key or replica identity");
        assertThat(into.getString("commandTag")).isEqualTo("SELECT INTO");
        assertThat(into.getBoolean("hasPrimaryKey")).isFalse();
        assertThat(into.getBoolean("eligible")).isFalse();
    }

    @Test
    void aPrimaryKeyAddedInTheSameTransactionMakesCreateTableAsEligible() {
        Sql.run("BEGIN; CREATE TABLE public.keyed_copy AS SELECT 1::bigint AS id;"
                + " ALTER TABLE public.keyed_copy ADD PRIMARY KEY (id); COMMIT;");

        JsonObject event = awaitEvent("public", "keyed_copy");

        assertThat(event.getString("commandTag")).isEqualTo("CREATE TABLE AS");
        assertThat(event.getBoolean("hasPrimaryKey")).isTrue();
        assertThat(event.getBoolean("eligible")).isTrue();
    }

    @Test
    void temporaryTablesProduceNoEvent() throws Exception {
        try (Connection session = TestPostgres.shared().connect(PostgresTestResource.database());
                Statement statement = session.createStatement()) {
            statement.execute("CREATE TEMP TABLE scratch_session (id int PRIMARY KEY)");
            Sql.run("CREATE TABLE public.after_temp (id int PRIMARY KEY)");

            awaitEvent("public", "after_temp");
        }

        assertThat(mirrorService.requestsFor("scratch_session")).isEmpty();
    }

    @Test
    void unloggedTablesAreSkipped() {
        Sql.run("CREATE UNLOGGED TABLE public.cache_entries (id int PRIMARY KEY)");

        JsonObject event = awaitEvent("public", "cache_entries");

        assertThat(event.getString("persistence")).isEqualTo("UNLOGGED");
        assertThat(event.getBoolean("eligible")).isFalse();
        assertThat(event.getString("reason")).isEqualTo("unlogged table");
    }

    @Test
    void thePartitionedParentIsEligibleAndItsPartitionIsNot() {
        Sql.run("CREATE TABLE public.events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
        Sql.run(
                "CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");

        JsonObject parent = awaitEvent("public", "events");
        JsonObject partition = awaitEvent("public", "events_2026");

        assertThat(parent.getString("kind")).isEqualTo("PARTITIONED");
        assertThat(parent.getBoolean("eligible")).isTrue();
        assertThat(partition.getString("kind")).isEqualTo("PARTITION");
        assertThat(partition.getBoolean("eligible")).isFalse();
        assertThat(partition.getString("reason"))
                .isEqualTo("partition of public.events (the partitioned parent is mirrored)");
    }

    @Test
    void tablesOutsideTheWatchedSchemasOrExcludedAreSkipped() {
        Sql.run("CREATE SCHEMA audit; CREATE TABLE audit.log (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.tmp_import (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.legacy_orders (id int PRIMARY KEY)");

        assertThat(awaitEvent("audit", "log").getString("reason")).isEqualTo("schema \"audit\" is not watched");
        assertThat(awaitEvent("public", "tmp_import").getString("reason")).isEqualTo("excluded by pattern \"tmp_*\"");
        assertThat(awaitEvent("public", "legacy_orders").getString("reason"))
                .isEqualTo("excluded by pattern \"public.legacy_*\"");
    }

    @Test
    void tablesOfEchoDbsAndPeerDbsOwnSchemasGiveNoEventAtAll() {
        double internal = Metrics.counter(registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "internal-schema");

        // As alert-service creates its state (db/alert-state.sql) and PeerDB its metadata on a source.
        Sql.run("CREATE TABLE echodb.own_alert_state (fingerprint text PRIMARY KEY, data jsonb NOT NULL)");
        Sql.run("CREATE SCHEMA IF NOT EXISTS _peerdb_internal;"
                + " CREATE TABLE _peerdb_internal.own_peerdb_meta (id int PRIMARY KEY)");
        Sql.run("DROP TABLE echodb.own_alert_state");
        Sql.run("CREATE TABLE public.after_own_tables (id int PRIMARY KEY)");

        awaitEvent("public", "after_own_tables");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(Metrics.counter(
                                registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "internal-schema"))
                        .isEqualTo(internal + 3));
        assertThat(mirrorService.requestsFor("own_alert_state")).isEmpty();
        assertThat(mirrorService.requestsFor("own_peerdb_meta")).isEmpty();
    }

    @Test
    void quotedMixedCaseUnicodeAnd63ByteNamesArriveExactlyAsStored() {
        String longName = "t" + "ü".repeat(31);
        assertThat(longName.getBytes(StandardCharsets.UTF_8)).hasSize(63);
        Sql.run("CREATE SCHEMA \"Sales\"; CREATE TABLE \"Sales\".\"OrderLines\" (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.\"weird \"\"quoted\"\", name; DROP TABLE x\" (id int PRIMARY KEY)");
        Sql.run(
                "CREATE SCHEMA \"ünïcode_schema\"; CREATE TABLE \"ünïcode_schema\".\"Bestellungen_日本語\" (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.\"" + longName + "\" (id int PRIMARY KEY)");

        assertThat(awaitEvent("Sales", "OrderLines").getBoolean("eligible")).isTrue();
        assertThat(awaitEvent("public", "weird \"quoted\", name; DROP TABLE x").getBoolean("eligible"))
                .isTrue();
        assertThat(awaitEvent("ünïcode_schema", "Bestellungen_日本語").getBoolean("eligible"))
                .isTrue();
        JsonObject longest = awaitEvent("public", longName);
        assertThat(longest.getBoolean("eligible")).isTrue();
        assertThat(longest.getLong("oid"))
                .isEqualTo(Sql.queryLong("SELECT oid::bigint FROM pg_class WHERE relname = '" + longName + "'"));
    }

    @Test
    void aTableDroppedBeforeClassificationProducesOnlyItsDroppedEvent() {
        double gone = Metrics.counter(registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "table-gone");

        Sql.run("BEGIN; CREATE TABLE public.short_lived (id int PRIMARY KEY); DROP TABLE public.short_lived; COMMIT;");

        JsonObject dropped = awaitEvent("public", "short_lived");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(Metrics.counter(
                                registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "table-gone"))
                        .isEqualTo(gone + 1));
        assertThat(dropped.getString("type")).isEqualTo("DROPPED");
        assertThat(mirrorService.requestsFor("short_lived")).hasSize(1);
    }

    @Test
    void dropTableForwardsADroppedEventWithoutClassification() {
        Sql.run("CREATE TABLE public.doomed (id int PRIMARY KEY)");
        long oid = awaitEvent("public", "doomed").getLong("oid");
        Instant before = Instant.now();

        Sql.run("DROP TABLE public.doomed");

        JsonObject dropped = await().atMost(TIMEOUT)
                .until(
                        () -> mirrorService.acceptedEvent("public", "doomed"),
                        e -> e.isPresent() && "DROPPED".equals(e.get().getString("type")))
                .orElseThrow();
        assertThat(dropped.getString("source")).isEqualTo("postgres_main");
        assertThat(dropped.getLong("oid")).isEqualTo(oid);
        assertThat(dropped.getString("commandTag")).isEqualTo("DROP TABLE");
        assertThat(dropped.getBoolean("eligible")).isFalse();
        assertThat(dropped.getString("reason")).isEqualTo("table dropped");
        assertThat(dropped.getValue("kind")).isNull();
        assertThat(dropped.getValue("persistence")).isNull();
        assertThat(dropped.getValue("replicaIdentity")).isNull();
        assertThat(dropped.getValue("hasPrimaryKey")).isNull();
        assertThat(Instant.parse(dropped.getString("observedAt"))).isAfterOrEqualTo(before);
    }

    @Test
    void badPayloadsAreCountedAndNeverStopTheListener() {
        double malformed = rejected("malformed");
        double oversized = rejected("oversized");
        double invalid = rejected("invalid");
        double gone = Metrics.counter(registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "table-gone");

        Sql.run("SELECT pg_notify('echodb_table_events', 'not json')");
        Sql.run("SELECT pg_notify('echodb_table_events', repeat('x', 5000))");
        Sql.run("SELECT pg_notify('echodb_table_events', '{\"v\":1,\"event\":\"CREATED\",\"oid\":\"16423\","
                + "\"schema\":\"public\",\"table\":\"wrong_type\"}')");
        Sql.run("SELECT pg_notify('echodb_table_events', '{\"v\":1,\"event\":\"CREATED\",\"tag\":\"CREATE TABLE\","
                + "\"oid\":4000000000,\"schema\":\"public\",\"table\":\"ghost\"}')");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(rejected("malformed")).isEqualTo(malformed + 1);
            assertThat(rejected("oversized")).isEqualTo(oversized + 1);
            assertThat(rejected("invalid")).isEqualTo(invalid + 1);
            assertThat(Metrics.counter(registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "table-gone"))
                    .isEqualTo(gone + 1);
        });
        given().when().get("/q/health/ready").then().statusCode(200);
        Sql.run("CREATE TABLE public.after_bad_payloads (id int PRIMARY KEY)");
        assertThat(awaitEvent("public", "after_bad_payloads").getBoolean("eligible"))
                .isTrue();
        assertThat(mirrorService.requestsFor("wrong_type")).isEmpty();
        assertThat(mirrorService.requestsFor("ghost")).isEmpty();
    }

    private double rejected(String reason) {
        return Metrics.counter(
                registry, ListenerMetrics.NOTIFICATIONS_REJECTED, "channel", "echodb_table_events", "reason", reason);
    }

    private JsonObject awaitEvent(String schema, String table) {
        return await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedEvent(schema, table), found -> found.isPresent())
                .orElseThrow();
    }
}
