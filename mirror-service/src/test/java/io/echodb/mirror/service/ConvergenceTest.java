package io.echodb.mirror.service;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.echodb.mirror.rest.TableEvents.dropped;
import static io.echodb.mirror.rest.TableEvents.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.echodb.mirror.EmulatorTest;
import io.echodb.mirror.PeerDbTestResource;
import io.echodb.mirror.SourceDatabase;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.mirror.rest.Inventories;
import io.echodb.testing.peerdb.MirrorSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Inventories converge PeerDB (emulated) on the eligible tables: create, retire, never double, never undo. */
@QuarkusTest
@WithTestResource(PeerDbTestResource.class)
class ConvergenceTest extends EmulatorTest {

    /** Creates a mirror that EchoDB did not make, straight through PeerDB's API. */
    private void createForeignMirror(String name, String... tables) {
        List<Map<String, String>> mappings = java.util.Arrays.stream(tables)
                .map(table -> Map.of("sourceTableIdentifier", "public." + table, "destinationTableIdentifier", table))
                .toList();
        given().baseUri(emulator.baseUrl())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "connectionConfigs",
                        Map.of(
                                "flowJobName",
                                name,
                                "sourceName",
                                "postgres_main",
                                "destinationName",
                                "clickhouse_analytics",
                                "tableMappings",
                                mappings)))
                .when()
                .post("/v1/flows/cdc/create")
                .then()
                .statusCode(200);
    }

    @Test
    void inventoryCreatesEveryMissingMirrorOnce() {
        List.of("inv_a", "inv_b", "inv_c").forEach(SourceDatabase::createTable);

        given().contentType(ContentType.JSON)
                .body(Inventories.now()
                        .eligible("inv_a", "inv_b", "inv_c")
                        .ineligible("inv_log", "unlogged table")
                        .body())
                .when()
                .put(INVENTORY)
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .body("tables", equalTo(4))
                .body("eligible", equalTo(3));

        await().atMost(PATIENCE)
                .until(() -> running("inv_a_mirror") && running("inv_b_mirror") && running("inv_c_mirror"));
        put(Inventories.now().eligible("inv_a", "inv_b", "inv_c").ineligible("inv_log", "unlogged table"));
        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> emulator.createRequests().size() == 3);
        assertThat(emulator.mirrors())
                .extracting(MirrorSnapshot::name)
                .containsExactlyInAnyOrder("inv_a_mirror", "inv_b_mirror", "inv_c_mirror");
        assertThat(given().when().get("/api/v1/skipped-tables").then().extract().as(SkippedTable[].class))
                .singleElement()
                .satisfies(table -> {
                    assertThat(table.table()).isEqualTo("inv_log");
                    assertThat(table.decidedBy()).isEqualTo(SkippedTable.DecidedBy.LISTENER);
                    assertThat(table.reason()).isEqualTo("unlogged table");
                });
        given().when()
                .get("/api/v1/status")
                .then()
                .body("lastInventory.postgres_main", org.hamcrest.Matchers.notNullValue())
                .body("unmirroredTables", equalTo(0));
    }

    @Test
    void tableGoneFromTheInventoryHasItsMirrorRetiredButForeignMirrorsAreUntouched() {
        double retiredBefore = metric("echodb_mirrors_retired_total{reason=\"gone\"}");
        List.of("gone", "kept", "foreign").forEach(SourceDatabase::createTable);
        post(created("public", "gone"));
        post(created("public", "kept"));
        createForeignMirror("ops_copy_of_foreign", "foreign");
        createForeignMirror("kept_and_foreign_mirror", "kept", "foreign"); // not EchoDB's: maps two tables
        await().atMost(PATIENCE).until(() -> running("gone_mirror") && running("kept_mirror"));
        SourceDatabase.execute("DROP TABLE public.gone");

        put(Inventories.now().eligible("kept", "foreign"));

        await().atMost(PATIENCE).until(() -> emulator.mirror("gone_mirror").isEmpty());
        assertThat(emulator.mirrors())
                .extracting(MirrorSnapshot::name)
                .containsExactlyInAnyOrder(
                        "kept_mirror", "ops_copy_of_foreign", "kept_and_foreign_mirror", "foreign_mirror");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(metric("echodb_mirrors_retired_total{reason=\"gone\"}"))
                        .isGreaterThan(retiredBefore));
    }

    @Test
    void tableThatBecamePartitionIsRetiredAndItsParentMirrored() {
        double retiredBefore = metric("echodb_mirrors_retired_total{reason=\"partition\"}");
        SourceDatabase.execute("CREATE TABLE public.events_2024 (id bigint, at date NOT NULL, PRIMARY KEY (id, at))");
        post(created("public", "events_2024"));
        await().atMost(PATIENCE).until(() -> running("events_2024_mirror"));
        SourceDatabase.execute("CREATE TABLE public.events (id bigint, at date NOT NULL, PRIMARY KEY (id, at))"
                + " PARTITION BY RANGE (at)");
        SourceDatabase.execute("ALTER TABLE public.events ATTACH PARTITION public.events_2024"
                + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");

        put(Inventories.now().partitioned("events").partition("events_2024", "events"));

        await().atMost(PATIENCE)
                .until(() -> emulator.mirror("events_2024_mirror").isEmpty() && running("events_mirror"));
        assertThat(emulator.mirror("events_mirror"))
                .hasValueSatisfying(mirror -> assertThat(mirror.sourceTables()).containsExactly("public.events"));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(metric("echodb_mirrors_retired_total{reason=\"partition\"}"))
                        .isGreaterThan(retiredBefore));
        assertThat(given().when().get("/api/v1/skipped-tables").then().extract().as(SkippedTable[].class))
                .singleElement()
                .satisfies(table -> assertThat(table.reason()).isEqualTo("partition of public.events"));
    }

    @Test
    void olderInventoryNeverUndoesANewerEvent() {
        SourceDatabase.createTable("fresh");
        SourceDatabase.createTable("doomed");
        Instant before = Instant.now().minusSeconds(60);
        post(created("public", "fresh"));
        post(created("public", "doomed"));
        await().atMost(PATIENCE).until(() -> running("fresh_mirror") && running("doomed_mirror"));
        post(dropped("public", "doomed"));
        await().atMost(PATIENCE).until(() -> emulator.mirror("doomed_mirror").isEmpty());

        // taken before both events: lacks "fresh" (created since) and still lists "doomed" (dropped since)
        put(Inventories.takenAt(before).eligible("doomed"));

        await().during(Duration.ofMillis(700))
                .atMost(PATIENCE)
                .until(() -> running("fresh_mirror")
                        && emulator.mirror("doomed_mirror").isEmpty());
        assertThat(createRequestsFor("doomed_mirror")).isEqualTo(1);
    }

    @Test
    void inventoryOlderThanTheLastAppliedOneIsIgnored() {
        SourceDatabase.createTable("late_a");
        SourceDatabase.createTable("late_b");
        Instant newest = Instant.now();
        put(Inventories.takenAt(newest).eligible("late_a"));
        await().atMost(PATIENCE).until(() -> running("late_a_mirror"));

        put(Inventories.takenAt(newest.minusSeconds(10)).eligible("late_b"));

        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> emulator.mirror("late_b_mirror").isEmpty() && running("late_a_mirror"));
        given().when().get("/api/v1/status").then().body("lastInventory.postgres_main", equalTo(newest.toString()));
    }

    @Test
    void eventsAndInventoriesFromTwoReplicasNeverCreateATableTwice() {
        List<String> tables = IntStream.range(0, 6).mapToObj(i -> "raced_" + i).toList();
        tables.forEach(SourceDatabase::createTable);
        Inventories inventory = Inventories.now().eligible(tables.toArray(String[]::new));

        List<CompletableFuture<Void>> requests = new java.util.ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            requests.add(CompletableFuture.runAsync(() -> put(inventory)));
            tables.forEach(table -> requests.add(CompletableFuture.runAsync(() -> post(created("public", table)))));
        }
        requests.forEach(CompletableFuture::join);

        await().atMost(PATIENCE).until(() -> tables.stream().allMatch(table -> running(table + "_mirror")));
        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> tables.stream().allMatch(table -> createRequestsFor(table + "_mirror") == 1));
        assertThat(emulator.mirrors()).hasSize(tables.size());
    }

    @Test
    void droppedTableHasItsMirrorTerminated() {
        double retiredBefore = metric("echodb_mirrors_retired_total{reason=\"dropped\"}");
        SourceDatabase.createTable("dropped_one");
        post(created("public", "dropped_one"));
        await().atMost(PATIENCE).until(() -> running("dropped_one_mirror"));

        post(with(dropped("public", "dropped_one"), "eligible", null));

        await().atMost(PATIENCE)
                .until(() -> emulator.mirror("dropped_one_mirror").isEmpty());
        await().atMost(PATIENCE)
                .untilAsserted(() -> given().when()
                        .get("/api/v1/mirrors")
                        .then()
                        .body(
                                "mirror",
                                org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("dropped_one_mirror"))));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(metric("echodb_mirrors_retired_total{reason=\"dropped\"}"))
                        .isGreaterThan(retiredBefore));
    }

    @Test
    void inventoryWhoseSourceDiffersFromThePathIsRefused() {
        Map<String, Object> body =
                new java.util.LinkedHashMap<>(Inventories.now().body());
        body.put("source", "other_source");

        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .put(INVENTORY)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("source"));
    }

    @Test
    void inventoryWithMissingOrWrongFieldsIsRefusedNamingThem() {
        Map<String, Object> body =
                new java.util.LinkedHashMap<>(Inventories.now().eligible("x").body());
        body.remove("takenAt");
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .put(INVENTORY)
                .then()
                .statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("takenAt"));

        given().contentType(ContentType.JSON)
                .body("{\"source\":\"postgres_main\",\"takenAt\":\"2026-01-01T00:00:00Z\","
                        + "\"schemas\":[\"public\"],\"tables\":[{\"schema\":\"public\",\"table\":\"t\",\"oid\":0}]}")
                .when()
                .put(INVENTORY)
                .then()
                .statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItems("tables[0].oid", "tables[0].eligible"));
    }
}
