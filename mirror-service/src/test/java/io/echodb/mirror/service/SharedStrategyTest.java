package io.echodb.mirror.service;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.echodb.mirror.rest.TableEvents.dropped;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.oneOf;

import io.echodb.mirror.EmulatorTest;
import io.echodb.mirror.PeerDbTestResource;
import io.echodb.mirror.SourceDatabase;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.rest.Inventories;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.MirrorSnapshot;
import io.echodb.testing.peerdb.PeerDbFault;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The shared strategy against the emulator: one mirror per schema, tables added in coalesced pause cycles. */
@QuarkusTest
@TestProfile(SharedStrategyTest.Shared.class)
@WithTestResource(PeerDbTestResource.class)
class SharedStrategyTest extends EmulatorTest {

    /** {@code echodb.mirror.strategy=shared}. */
    public static class Shared implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echodb.mirror.strategy", "shared");
        }
    }

    private static final String MIRROR = "postgres_main_public";
    private static final String STATE_CHANGE = "/v1/mirrors/state_change";

    private static void createTables(String... tables) {
        for (String table : tables) {
            SourceDatabase.createTable(table);
        }
    }

    /** Whether the shared mirror runs and maps exactly {@code tables} (in any order). */
    private boolean runningWith(String... tables) {
        return emulator.mirror(MIRROR)
                .filter(mirror -> mirror.status() == FlowStatus.STATUS_RUNNING)
                .filter(mirror -> mirror.sourceTables().size() == tables.length
                        && mirror.sourceTables()
                                .containsAll(List.of(tables).stream()
                                        .map(table -> "public." + table)
                                        .toList()))
                .isPresent();
    }

    private void awaitRunningWith(String... tables) {
        await().atMost(PATIENCE).until(() -> runningWith(tables));
    }

    private long pauseSignals() {
        return emulator.logs().stream()
                .filter(entry -> entry.message().equals("Mirror pause signaled"))
                .count();
    }

    @Test
    void firstTableCreatesTheMirrorAndLaterOnesShareOnePauseCycle() {
        createTables("sh_first", "sh_a", "sh_b", "sh_c");
        double cyclesBefore = metric("echodb_shared_pause_cycles_total{mirror=\"" + MIRROR + "\"}");
        post(created("public", "sh_first"));
        awaitRunningWith("sh_first");
        assertThat(emulator.createRequests()).hasSize(1);

        List.of("sh_a", "sh_b", "sh_c").stream() // within one coalescing window
                .map(table -> CompletableFuture.runAsync(() -> post(created("public", table))))
                .toList()
                .forEach(CompletableFuture::join);

        awaitRunningWith("sh_first", "sh_a", "sh_b", "sh_c");
        assertThat(pauseSignals()).isEqualTo(1);
        assertThat(metric("echodb_shared_pause_cycles_total{mirror=\"" + MIRROR + "\"}") - cyclesBefore)
                .isEqualTo(1);
        assertThat(emulator.requestCount(STATE_CHANGE))
                .as("pause, then update with STATUS_RUNNING")
                .isEqualTo(2);
        assertThat(emulator.createRequests()).hasSize(1);
        assertThat(List.of(
                        given().when().get("/api/v1/mirrors").then().extract().as(ManagedMirror[].class)))
                .extracting(ManagedMirror::mirror)
                .containsOnly(MIRROR)
                .hasSize(4);
    }

    @Test
    void pauseCycleInFlightIsShownWithItsTablesStepAndExpectedEnd() {
        createTables("pc_base", "pc_new");
        put(Inventories.now().eligible("pc_base"));
        awaitRunningWith("pc_base");
        emulator.addFault(PeerDbFault.latency(Duration.ofMillis(1500))
                .onRoute(STATE_CHANGE)
                .times(1)); // the pause request, under the 2 s read timeout of %test: the cycle is held meanwhile

        post(created("public", "pc_new"));

        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Object> cycle = given().when()
                    .get("/api/v1/status")
                    .then()
                    .statusCode(200)
                    .body("pauseCycles", hasSize(1))
                    .body("pauseCycles[0].mirror", equalTo(MIRROR))
                    .body("pauseCycles[0].source", equalTo("postgres_main"))
                    .body("pauseCycles[0].tablesAdded", equalTo(1))
                    .body("pauseCycles[0].tablesAddedNames", contains("public.pc_new"))
                    .body("pauseCycles[0].step", oneOf("PAUSING", "APPLYING"))
                    .extract()
                    .path("pauseCycles[0]");
            assertThat(Duration.between(Instant.parse((String) cycle.get("since")), Instant.parse((String)
                            cycle.get("expectedBy"))))
                    .as("the cycle's timeout, quarkus.fault-tolerance.\"…SharedMirrorCycle/run\".timeout")
                    .isEqualTo(Duration.ofMinutes(5));
        });

        awaitRunningWith("pc_base", "pc_new");
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> given().when().get("/api/v1/pause-cycles").then().body("$", hasSize(0)));
    }

    @Test
    void mirrorStillSettingUpIsWaitedForNotPaused() {
        createTables("busy_first", "busy_second");
        post(created("public", "busy_first"));
        await().atMost(PATIENCE).until(() -> emulator.mirror(MIRROR).isPresent());

        post(created("public", "busy_second")); // while the mirror is in SETUP or SNAPSHOT

        awaitRunningWith("busy_first", "busy_second");
        assertThat(pauseSignals()).as("paused once, when it was running").isEqualTo(1);
        assertThat(emulator.createRequests()).hasSize(1);
    }

    @Test
    void droppedTableIsRemovedFromTheSharedMirror() {
        double retiredBefore = metric("echodb_mirrors_retired_total{reason=\"dropped\"}");
        createTables("rm_keep", "rm_drop");
        put(Inventories.now().eligible("rm_keep", "rm_drop"));
        awaitRunningWith("rm_keep", "rm_drop");
        assertThat(emulator.createRequests()).as("both tables in one create").hasSize(1);

        SourceDatabase.execute("DROP TABLE public.rm_drop");
        post(dropped("public", "rm_drop"));

        awaitRunningWith("rm_keep");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(metric("echodb_mirrors_retired_total{reason=\"dropped\"}"))
                        .isGreaterThan(retiredBefore));
    }

    @Test
    void pausedMirrorWithPendingWorkIsResumedAfterARestartButAnOperatorPauseIsLeftAlone() {
        createTables("rs_one", "rs_two");
        put(Inventories.now().eligible("rs_one"));
        awaitRunningWith("rs_one");
        stateChange("STATUS_PAUSED"); // e.g. mirror-service paused it, then died before sending the update
        await().atMost(PATIENCE)
                .until(() -> emulator.mirror(MIRROR)
                        .filter(mirror -> mirror.status() == FlowStatus.STATUS_PAUSED)
                        .isPresent());
        state.reset(); // the restart: everything in memory is gone

        put(Inventories.now().eligible("rs_one")); // nothing pending: an operator's pause, left alone
        await().during(Duration.ofMillis(700))
                .atMost(PATIENCE)
                .until(() -> emulator.mirror(MIRROR)
                        .filter(mirror -> mirror.status() == FlowStatus.STATUS_PAUSED)
                        .isPresent());

        put(Inventories.now().eligible("rs_one", "rs_two")); // pending work: applied, which resumes
        awaitRunningWith("rs_one", "rs_two");
        assertThat(pauseSignals()).as("EchoDB did not pause it again").isEqualTo(1);
    }

    @Test
    void duplicateEventsAndInventoriesAddATableOnce() {
        createTables("dup_base", "dup_new");
        put(Inventories.now().eligible("dup_base"));
        awaitRunningWith("dup_base");
        long stateChangesBefore = emulator.requestCount(STATE_CHANGE);

        List<CompletableFuture<Void>> requests = List.of(
                CompletableFuture.runAsync(() -> put(Inventories.now().eligible("dup_base", "dup_new"))),
                CompletableFuture.runAsync(() -> put(Inventories.now().eligible("dup_base", "dup_new"))),
                CompletableFuture.runAsync(() -> post(created("public", "dup_new"))),
                CompletableFuture.runAsync(() -> post(created("public", "dup_new"))));
        requests.forEach(CompletableFuture::join);

        awaitRunningWith("dup_base", "dup_new");
        await().during(Duration.ofMillis(700))
                .atMost(PATIENCE)
                .until(() -> emulator.requestCount(STATE_CHANGE) - stateChangesBefore == 2);
        assertThat(pauseSignals()).isEqualTo(1);
        assertThat(emulator.mirrors()).extracting(MirrorSnapshot::name).containsExactly(MIRROR);
    }

    @Test
    void refusedTableIsSkippedWithoutPausingTheMirror() {
        createTables("ok_base");
        put(Inventories.now().eligible("ok_base"));
        awaitRunningWith("ok_base");

        post(created("public", "never_created")); // PeerDB's validation: SOURCE_TABLE_MISSING

        await().atMost(PATIENCE)
                .until(() -> given().when()
                        .get("/api/v1/skipped-tables")
                        .then()
                        .extract()
                        .asString()
                        .contains("SOURCE_TABLE_MISSING"));
        assertThat(pauseSignals()).isZero();
        assertThat(runningWith("ok_base")).isTrue();
    }

    private void stateChange(String requested) {
        given().baseUri(emulator.baseUrl())
                .contentType(ContentType.JSON)
                .body(Map.of("flowJobName", MIRROR, "requestedFlowState", requested))
                .when()
                .post(STATE_CHANGE)
                .then()
                .statusCode(200);
    }
}
