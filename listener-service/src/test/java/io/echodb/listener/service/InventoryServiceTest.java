package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.listener.domain.Inventory;
import io.echodb.listener.domain.InventoryTable;
import io.echodb.listener.domain.TableKind;
import io.echodb.listener.metrics.ListenerMetrics;
import io.echodb.listener.testing.InjectMirrorServiceStub;
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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory: sent once listening starts, one catalog query classifying every table of the watched
 * schemas (test config: {@code public}, {@code Sales}, {@code ünïcode_schema}; excluded {@code tmp_*},
 * {@code public.legacy_*}), never two at once, retried like table events.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class InventoryServiceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    InventoryService inventory;

    @Inject
    TableCatalogRepository catalog;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper json;

    @AfterEach
    void healthyMirrorService() {
        mirrorService.answerInventoriesWith(202);
        mirrorService.delayInventoriesBy(Duration.ZERO);
    }

    @Test
    void anInventoryIsSentOnceListeningHasStarted() {
        JsonObject first = await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedInventoryAfter(0), found -> found.isPresent())
                .orElseThrow();

        assertThat(mirrorService.inventories().getFirst().path()).isEqualTo("/api/v1/sources/postgres_main/inventory");
        assertThat(mirrorService.inventories().getFirst().apiKey()).isEqualTo("test-api-key-not-a-secret");
        assertThat(first.getString("source")).isEqualTo("postgres_main");
        assertThat(first.getString("takenAt")).endsWith("Z");
        assertThat(Instant.parse(first.getString("takenAt"))).isBefore(Instant.now());
        assertThat(first.getJsonArray("schemas").getList()).containsExactly("Sales", "public", "ünïcode_schema");
        assertThat(first.getJsonArray("tables")).isNotNull();
    }

    @Test
    void everyTableOfTheWatchedSchemasIsListedWithItsVerdict() throws Exception {
        Sql.run("""
                CREATE TABLE public.inv_keyed (id int PRIMARY KEY);
                CREATE TABLE public.inv_heap (id int);
                CREATE TABLE public.inv_full (id int); ALTER TABLE public.inv_full REPLICA IDENTITY FULL;
                CREATE UNLOGGED TABLE public.inv_unlogged (id int PRIMARY KEY);
                CREATE TABLE public.inv_events (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE TABLE public.inv_events_2026 PARTITION OF public.inv_events
                    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE FOREIGN DATA WRAPPER inv_fdw; CREATE SERVER inv_server FOREIGN DATA WRAPPER inv_fdw;
                CREATE FOREIGN TABLE public.inv_foreign (id int) SERVER inv_server;
                CREATE TABLE public.inv_extension (id int PRIMARY KEY);
                ALTER EXTENSION plpgsql ADD TABLE public.inv_extension;
                CREATE TABLE public."inv.dotted" (id int PRIMARY KEY);
                CREATE TABLE public.tmp_inv (id int PRIMARY KEY);
                CREATE VIEW public.inv_view AS SELECT 1 AS id;
                CREATE SCHEMA IF NOT EXISTS "Sales"; CREATE TABLE "Sales"."InvOrders" (id int PRIMARY KEY);
                CREATE SCHEMA inv_audit; CREATE TABLE inv_audit.log (id int PRIMARY KEY);
                CREATE TABLE echodb.inv_internal (id int PRIMARY KEY);
                """);
        try (Connection session = TestPostgres.shared().connect(PostgresTestResource.database());
                Statement statement = session.createStatement()) {
            statement.execute("CREATE TEMP TABLE inv_scratch (id int PRIMARY KEY)");

            Inventory taken = inventory.take().await().atMost(TIMEOUT);

            Map<String, InventoryTable> tables = taken.tables().stream()
                    .collect(Collectors.toMap(t -> t.schema() + "." + t.table(), Function.identity()));
            assertThat(tables)
                    .doesNotContainKeys("inv_audit.log", "echodb.inv_internal", "public.inv_view")
                    .noneSatisfy((name, table) -> assertThat(name).contains("inv_scratch"));
            assertThat(taken.schemas()).containsExactly("Sales", "public", "ünïcode_schema");
            assertThat(tables.get("public.inv_keyed").eligible()).isTrue();
            assertThat(tables.get("Sales.InvOrders").eligible()).isTrue();
            assertThat(tables.get("public.inv_full").eligible()).isTrue();
            assertThat(tables.get("public.inv_heap").reason()).isEqualTo("no primary key or replica identity");
            assertThat(tables.get("public.inv_unlogged").reason()).isEqualTo("unlogged table");
            assertThat(tables.get("public.inv_events").kind()).isEqualTo(TableKind.PARTITIONED);
            assertThat(tables.get("public.inv_events").eligible()).isTrue();
            assertThat(tables.get("public.inv_events_2026").partitionOf()).isEqualTo("public.inv_events");
            assertThat(tables.get("public.inv_events_2026").reason())
                    .isEqualTo("partition of public.inv_events (the partitioned parent is mirrored)");
            assertThat(tables.get("public.inv_foreign").reason()).isEqualTo("foreign table");
            assertThat(tables.get("public.inv_extension").reason()).isEqualTo("owned by extension \"plpgsql\"");
            assertThat(tables.get("public.inv.dotted").reason())
                    .isEqualTo("PeerDB cannot address a table name containing '.'");
            assertThat(tables.get("public.tmp_inv").reason()).isEqualTo("excluded by pattern \"tmp_*\"");
            assertThat(taken.tables())
                    .isSortedAccordingTo(
                            Comparator.comparing(InventoryTable::schema).thenComparing(InventoryTable::table));
            assertThat(Metrics.gauge(registry, ListenerMetrics.INVENTORY_TABLES, "eligible", "true"))
                    .isEqualTo(taken.eligibleCount());
        }
    }

    @Test
    void echoDbsAndPeerDbsOwnSchemasAreNeverListedEvenWhenAGlobMatchesThem() {
        Sql.run("""
                CREATE TABLE echodb.inv_alert_state (fingerprint text PRIMARY KEY);
                CREATE SCHEMA IF NOT EXISTS _peerdb_internal;
                CREATE TABLE _peerdb_internal.inv_meta (id int PRIMARY KEY);
                CREATE SCHEMA IF NOT EXISTS peerdb_stats;
                CREATE TABLE peerdb_stats.inv_stats (id int PRIMARY KEY);
                CREATE SCHEMA inv_everything; CREATE TABLE inv_everything.kept (id int PRIMARY KEY);
                """);

        // The catalog query of a listener watching every schema (echodb.listener.schemas=*).
        TableCatalogRepository.Listing listing =
                catalog.listTables(List.of("%")).await().atMost(TIMEOUT);

        assertThat(listing.schemas())
                .contains("public", "inv_everything")
                .doesNotContain(
                        "echodb", "_peerdb_internal", "peerdb_stats", "pg_catalog", "information_schema", "pg_toast");
        assertThat(listing.tables())
                .extracting(table -> table.schema() + "." + table.table())
                .contains("inv_everything.kept")
                .noneMatch(name -> name.startsWith("echodb.")
                        || name.startsWith("_peerdb_internal.")
                        || name.startsWith("peerdb_stats.")
                        || name.startsWith("pg_"));
    }

    @Test
    void twoInventoriesOfTheSameCatalogDifferOnlyInTakenAt() {
        Sql.run("CREATE TABLE public.same_twice (id int PRIMARY KEY); CREATE TABLE public.same_heap (id int)");

        ObjectNode first = json.valueToTree(inventory.take().await().atMost(TIMEOUT));
        ObjectNode second = json.valueToTree(inventory.take().await().atMost(TIMEOUT));

        assertThat(first.remove("takenAt").asText())
                .isNotEqualTo(second.remove("takenAt").asText());
        assertThat(first).isEqualTo(second);
    }

    @Test
    void requestsMadeWhileAnInventoryRunsCoalesceIntoOneMoreNeverOverlapping() {
        await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedInventoryAfter(0).isPresent());
        int before = mirrorService.inventories().size();
        mirrorService.delayInventoriesBy(Duration.ofMillis(500));

        for (int i = 0; i < 5; i++) {
            inventory.request(InventoryService.Trigger.PERIODIC);
        }

        await().atMost(TIMEOUT)
                .during(Duration.ofSeconds(1))
                .until(() -> mirrorService.inventories().size(), size -> size == before + 2 || size == before + 1);
        assertThat(mirrorService.inventories().size()).isBetween(before + 1, before + 2);
        assertThat(mirrorService.mostInventoriesInFlight()).isEqualTo(1);
    }

    @Test
    void anUndeliverableInventoryIsRetriedThenCountedAsFailed() {
        await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedInventoryAfter(0).isPresent());
        long failed = Metrics.timerCount(registry, ListenerMetrics.INVENTORY_SENT, "outcome", "failed");
        long ok = Metrics.timerCount(registry, ListenerMetrics.INVENTORY_SENT, "outcome", "ok");
        int before = mirrorService.inventories().size();
        mirrorService.answerInventoriesWith(503);

        inventory.request(InventoryService.Trigger.PERIODIC);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(Metrics.timerCount(registry, ListenerMetrics.INVENTORY_SENT, "outcome", "failed"))
                    .isEqualTo(failed + 1);
            List<MirrorServiceStub.Received> attempts = mirrorService
                    .inventories()
                    .subList(before, mirrorService.inventories().size());
            assertThat(attempts).hasSize(3).allMatch(request -> request.status() == 503);
        });
        mirrorService.answerInventoriesWith(202);

        inventory.request(InventoryService.Trigger.PERIODIC);

        await().atMost(TIMEOUT)
                .until(() -> Metrics.timerCount(registry, ListenerMetrics.INVENTORY_SENT, "outcome", "ok") == ok + 1);
    }
}
