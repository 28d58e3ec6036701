package io.echodb.mirror.service;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.echodb.mirror.rest.TableEvents.ineligible;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.echodb.mirror.EmulatorTest;
import io.echodb.mirror.PeerDbTestResource;
import io.echodb.mirror.SourceDatabase;
import io.echodb.mirror.client.ListMirrorsResponse;
import io.echodb.mirror.client.MirrorStatusResponse;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.MirrorSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole path: table event → mirror-service → PeerDB (emulated, over HTTP) → mirror on a real source table. */
@QuarkusTest
@WithTestResource(PeerDbTestResource.class)
class MirrorServiceTest extends EmulatorTest {

    @Inject
    MirrorRegistry registry;

    @Inject
    PeerDbClient peerDb;

    private static ManagedMirror managed(String mirror) {
        List<ManagedMirror> mirrors = List.of(given().when()
                .get("/api/v1/mirrors")
                .then()
                .statusCode(200)
                .extract()
                .as(ManagedMirror[].class));
        return mirrors.stream()
                .filter(m -> m.mirror().equals(mirror))
                .findFirst()
                .orElse(null);
    }

    @Test
    void createdTableGetsARunningMirror() {
        SourceDatabase.createTable("orders");

        post(created("public", "orders"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(emulator.mirror("orders_mirror"))
                        .hasValueSatisfying(mirror -> {
                            assertThat(mirror.sourceName()).isEqualTo("postgres_main");
                            assertThat(mirror.destinationName()).isEqualTo("clickhouse_analytics");
                            assertThat(mirror.sourceTables()).containsExactly("public.orders");
                            assertThat(mirror.destinationTables()).containsExactly("orders");
                            assertThat(mirror.doInitialSnapshot()).isTrue();
                            assertThat(mirror.status()).isEqualTo(FlowStatus.STATUS_RUNNING);
                        }));
        assertThat(managed("orders_mirror").state()).isEqualTo(MirrorState.CREATED);
        assertThat(managed("orders_mirror").destinationTable()).isEqualTo("orders");

        var body = emulator.createRequests().getFirst().json();
        assertThat(body.path("attachToExisting").asBoolean(true)).isFalse();
        assertThat(body.path("connectionConfigs").path("system").asText()).isEqualTo("Q");
        assertThat(body.path("connectionConfigs").path("idleTimeoutSeconds").asLong())
                .isEqualTo(60);
    }

    @Test
    void clientReadsStatusAndListOfARealMirror() {
        SourceDatabase.createTable("customers");
        post(created("public", "customers"));
        await().atMost(PATIENCE)
                .until(() -> emulator.mirror("customers_mirror")
                        .filter(mirror -> mirror.status() == FlowStatus.STATUS_RUNNING)
                        .isPresent());

        Optional<MirrorStatusResponse> status =
                peerDb.mirrorStatus("customers_mirror").await().atMost(PATIENCE);
        List<ListMirrorsResponse.Item> listed = peerDb.listMirrors().await().atMost(PATIENCE);

        assertThat(status)
                .hasValueSatisfying(s -> assertThat(s.currentFlowState()).isEqualTo("STATUS_RUNNING"));
        assertThat(listed).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("customers_mirror");
            assertThat(item.sourceName()).isEqualTo("postgres_main");
            assertThat(item.isCdc()).isTrue();
        });
        assertThat(peerDb.mirrorStatus("no_such_mirror").await().atMost(PATIENCE))
                .isEmpty();
    }

    @Test
    void sameEventTwiceCreatesOneMirror() {
        SourceDatabase.createTable("invoices");

        post(created("public", "invoices"));
        post(created("public", "invoices"));

        await().atMost(PATIENCE)
                .until(() -> managed("invoices_mirror") != null
                        && managed("invoices_mirror").state() != MirrorState.CREATING);
        post(created("public", "invoices"));
        await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> createRequestsFor("invoices_mirror") == 1);
        assertThat(managed("invoices_mirror").state()).isIn(MirrorState.CREATED, MirrorState.ALREADY_EXISTED);
        assertThat(emulator.mirrors()).extracting(MirrorSnapshot::name).containsOnlyOnce("invoices_mirror");
    }

    @Test
    void mirrorThatAlreadyExistsInPeerDbCountsAsSuccess() {
        SourceDatabase.createTable("payments");
        post(created("public", "payments"));
        await().atMost(PATIENCE)
                .until(() -> emulator.mirror("payments_mirror").isPresent()
                        && managed("payments_mirror").state() == MirrorState.CREATED);

        state.reset(); // as after a restart: mirror-service forgot, PeerDB did not
        post(created("public", "payments"));

        await().atMost(PATIENCE)
                .until(() -> managed("payments_mirror") != null
                        && managed("payments_mirror").state() == MirrorState.ALREADY_EXISTED);
        assertThat(createRequestsFor("payments_mirror")).isEqualTo(1);
    }

    @Test
    void missingSourceTableIsRefusedAndNotMirrored() {
        post(created("public", "no_such_table"));

        await().atMost(PATIENCE)
                .until(() -> managed("no_such_table_mirror") != null
                        && managed("no_such_table_mirror").state() == MirrorState.FAILED);
        assertThat(managed("no_such_table_mirror").lastError()).contains("SOURCE_TABLE_MISSING");
        List<SkippedTable> skipped = List.of(given().when()
                .get("/api/v1/skipped-tables")
                .then()
                .statusCode(200)
                .extract()
                .as(SkippedTable[].class));
        assertThat(skipped).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("no_such_table");
            assertThat(table.decidedBy()).isEqualTo(SkippedTable.DecidedBy.PEERDB);
            assertThat(table.reason()).contains("SOURCE_TABLE_MISSING");
        });
        assertThat(emulator.mirrors()).isEmpty();
        assertThat(emulator.createRequests()).isEmpty();
    }

    @Test
    void ineligibleTableNeverReachesPeerDb() {
        SourceDatabase.createTable("scratch");

        post(ineligible("public", "scratch", "no primary key or replica identity"));

        assertThat(given().when().get("/api/v1/skipped-tables").then().extract().as(SkippedTable[].class))
                .singleElement()
                .satisfies(table -> assertThat(table.reason()).isEqualTo("no primary key or replica identity"));
        await().during(Duration.ofMillis(300))
                .atMost(PATIENCE)
                .until(() -> emulator.createRequests().isEmpty());
        assertThat(emulator.mirrors()).isEmpty();
        assertThat(registry.mirrors()).isEmpty();
    }

    @Test
    void readinessIsUpWhilePeerDbAnswers() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'peerdb' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'peerdb' }.data.url", equalTo(emulator.baseUrl()));
    }

    @Test
    void outcomesAreCounted() {
        SourceDatabase.createTable("shipments");
        post(created("public", "shipments"));
        await().atMost(PATIENCE)
                .until(() -> managed("shipments_mirror") != null
                        && managed("shipments_mirror").state() == MirrorState.CREATED);

        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(metrics)
                .contains("echodb_mirrors_created_total{outcome=\"created\"}")
                .contains("echodb_table_events_received_total{eligible=\"true\",type=\"created\"}")
                .contains("echodb_peerdb_request_seconds_count{operation=\"create\",outcome=\"success\"}")
                .contains("echodb_peerdb_request_seconds_count{operation=\"validate\",outcome=\"success\"}")
                .as("the @Timeout guard runs around createMirror")
                .contains("method=\"io.echodb.mirror.service.MirrorOperations.createMirror\"")
                .as("the bulkhead guards every PeerDB call")
                .contains("ft_bulkhead_calls_total{bulkheadResult=\"accepted\","
                        + "method=\"io.echodb.mirror.client.PeerDbClient.createCdcFlow\"}");
    }
}
