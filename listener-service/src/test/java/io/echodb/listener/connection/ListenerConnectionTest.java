package io.echodb.listener.connection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.listener.metrics.ListenerMetrics;
import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.Metrics;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN connection: readiness follows it, it comes back after PostgreSQL kills it and an inventory
 * follows; the replaced worker's channel {@code peerdb_create_mirror} is heard too.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ListenerConnectionTest {

    private static final String LISTEN_BACKEND = "SELECT pid FROM pg_stat_activity "
            + "WHERE datname = current_database() AND application_name = 'echodb-listener' AND query LIKE 'LISTEN%'";
    private static final String CHECK = "checks.find { it.name == 'listener-connection' }";

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    MeterRegistry registry;

    @Test
    void readinessReportsTheListenConnectionAndTheTrigger() {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body(CHECK + ".status", is("UP"))
                        .body(CHECK + ".data.channel", is("echodb_table_events"))
                        .body(CHECK + ".data.eventTrigger", is("INSTALLED")));
    }

    @Test
    void aKilledListenConnectionMakesTheServiceUnreadyUntilItReconnects() {
        await().atMost(Duration.ofSeconds(15)).until(() -> Sql.queryLong(LISTEN_BACKEND) > 0);
        long backend = Sql.queryLong(LISTEN_BACKEND);

        Sql.queryLong("SELECT pg_terminate_backend(" + backend + ")::int");

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .body(CHECK + ".status", is("DOWN")));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(Sql.queryLong(LISTEN_BACKEND)).isPositive().isNotEqualTo(backend);

        Sql.run("CREATE TABLE public.after_reconnect (id int PRIMARY KEY)");

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        mirrorService.acceptedEvent("public", "after_reconnect").isPresent());
    }

    @Test
    void aReconnectSendsAnInventoryCoveringWhatWasMissedMeanwhile() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Sql.queryLong(LISTEN_BACKEND) > 0
                        && mirrorService.acceptedInventoryAfter(0).isPresent());
        int before = mirrorService.inventories().size();

        Sql.queryLong("SELECT pg_terminate_backend(" + Sql.queryLong(LISTEN_BACKEND) + ")::int");
        Sql.run("CREATE TABLE public.missed_while_down (id int PRIMARY KEY)");

        JsonObject inventory = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> mirrorService.acceptedInventoryAfter(before),
                        found -> found.isPresent()
                                && found.get().getJsonArray("tables").stream()
                                        .map(JsonObject.class::cast)
                                        .anyMatch(table -> "missed_while_down".equals(table.getString("table"))))
                .orElseThrow();
        assertThat(inventory.getJsonArray("schemas").getList()).contains("public");
    }

    @Test
    void theReplacedWorkersChannelIsHeardAndItsTableLookedUpByName() {
        await().atMost(Duration.ofSeconds(15)).until(() -> Sql.queryLong(LISTEN_BACKEND) > 0);
        // session_replication_role = replica keeps EchoDB's own event trigger quiet: only the old channel speaks.
        Sql.run(
                "SET session_replication_role = replica;"
                        + " CREATE SCHEMA IF NOT EXISTS \"Sales\"; CREATE TABLE \"Sales\".\"Worker \"\"Orders\"\"\" (id int PRIMARY KEY)");

        Sql.run(
                "SELECT pg_notify('peerdb_create_mirror', json_build_object('schema', 'Sales', 'table', 'Worker \"Orders\"',"
                        + " 'timestamp', now()::text)::text)");

        JsonObject event = await().atMost(Duration.ofSeconds(15))
                .until(() -> mirrorService.acceptedEvent("Sales", "Worker \"Orders\""), found -> found.isPresent())
                .orElseThrow();
        assertThat(event.getString("type")).isEqualTo("CREATED");
        assertThat(event.getBoolean("eligible")).isTrue();
        assertThat(event.getValue("commandTag")).isNull();
        assertThat(event.getLong("oid"))
                .isEqualTo(Sql.queryLong("SELECT '\"Sales\".\"Worker \"\"Orders\"\"\"'::regclass::oid::bigint"));
        assertThat(mirrorService.requestsFor("Worker \"Orders\"")).hasSize(1);
    }

    @Test
    void badPayloadsOnTheReplacedWorkersChannelAreCountedAndNeverStopTheListener() {
        await().atMost(Duration.ofSeconds(15)).until(() -> Sql.queryLong(LISTEN_BACKEND) > 0);
        double malformed = rejected("malformed");
        double oversized = rejected("oversized");
        double invalid = rejected("invalid");
        double gone = Metrics.counter(registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "table-gone");

        Sql.run("SELECT pg_notify('peerdb_create_mirror', 'public.orders')");
        Sql.run(
                "SELECT pg_notify('peerdb_create_mirror', '{\"schema\":\"public\",\"table\":\"' || repeat('x', 3000) || '\"}')");
        Sql.run("SELECT pg_notify('peerdb_create_mirror', '{\"schema\":\"public\",\"table\":42}')");
        Sql.run("SELECT pg_notify('peerdb_create_mirror', '{\"table\":\"orders\"}')");
        Sql.run("SELECT pg_notify('peerdb_create_mirror', '{\"schema\":\"public\",\"table\":\"no_such_table\"}')");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(rejected("malformed")).isEqualTo(malformed + 1);
            assertThat(rejected("oversized")).isEqualTo(oversized + 1);
            assertThat(rejected("invalid")).isEqualTo(invalid + 2);
            assertThat(Metrics.counter(registry, ListenerMetrics.NOTIFICATIONS_IGNORED, "reason", "table-gone"))
                    .isEqualTo(gone + 1);
        });
        given().when().get("/q/health/ready").then().statusCode(200);
        assertThat(mirrorService.requestsFor("no_such_table")).isEmpty();
    }

    private double rejected(String reason) {
        return Metrics.counter(
                registry, ListenerMetrics.NOTIFICATIONS_REJECTED, "channel", "peerdb_create_mirror", "reason", reason);
    }
}
