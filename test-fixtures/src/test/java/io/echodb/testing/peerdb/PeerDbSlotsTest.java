package io.echodb.testing.peerdb;

import static io.echodb.testing.TestHttp.get;
import static io.echodb.testing.TestHttp.json;
import static io.echodb.testing.TestHttp.postJson;
import static io.echodb.testing.peerdb.PeerDbRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/peers/slots/{peer_name}} against the real slots of the source database (peerdb-api.md §4.4). */
class PeerDbSlotsTest {

    private static final Duration AT_MOST = Duration.ofSeconds(15);

    private final TestPostgres postgres = TestPostgres.shared();
    private final List<String> ownSlots = new ArrayList<>();
    private String database;
    private PeerDbEmulator peerdb;

    @BeforeEach
    void startEmulator() {
        database = postgres.createDatabase("peerdb_slots");
        postgres.execute(database, "CREATE TABLE public.orders (id bigint PRIMARY KEY, padding text)");
        peerdb = PeerDbRequests.startEmulator(postgres.jdbcUrl(database), Duration.ofMillis(50));
    }

    @AfterEach
    void stopEmulator() {
        peerdb.reset();
        peerdb.stop();
        ownSlots.forEach(slot -> postgres.execute(database, "SELECT pg_drop_replication_slot('" + slot + "')"));
    }

    @Test
    void managedOnlyListsTheSlotsOfPeerDbMirrorsWithTheirRealLag() {
        runningMirror(create("orders_mirror", false, "public.orders"));
        ObjectNode custom = create("custom_mirror", false, "public.orders");
        ((ObjectNode) custom.get("connectionConfigs")).put("replicationSlotName", "my_custom_slot");
        runningMirror(custom);
        ownSlot("someone_elses_slot");
        postgres.execute(
                database, "INSERT INTO public.orders SELECT i, repeat('x', 200) FROM generate_series(1, 20000) i");

        JsonNode all = slots("");
        JsonNode managed = slots("?peerdb_managed_only=true");
        JsonNode camel = slots("?peerdbManagedOnly=true");

        assertThat(names(all))
                .containsExactlyInAnyOrder("peerflow_slot_orders_mirror", "my_custom_slot", "someone_elses_slot");
        assertThat(names(managed)).containsExactlyInAnyOrder("peerflow_slot_orders_mirror", "my_custom_slot");
        assertThat(names(camel)).isEqualTo(names(managed));
        JsonNode slot = slot(managed, "peerflow_slot_orders_mirror");
        assertThat(slot.get("active").asBoolean()).isFalse();
        assertThat(slot.get("walStatus").asText()).isEqualTo("reserved");
        assertThat(slot.get("restartLSN").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(slot.get("confirmedFlushLSN").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(slot.get("currentLSN").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(slot.get("redoLSN").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(slot.get("lagInMb").isNumber()).isTrue();
        assertThat(slot.get("lagInMb").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(slot.get("lagInMb").toString()).doesNotContain(".");
        assertThat(slot.get("confirmedToCurrentMb").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(slot.get("logicalDecodingWorkMemMb").asText()).isEqualTo("64");
        assertThat(slot.get("logicalDecodingWorkMemMb").isTextual()).isTrue();
        // PeerDB's getSlotInfo joins pg_stat_replication_slots only from PostgreSQL 16 on.
        if (postgres.version().atLeast(16)) {
            assertThat(slot.get("spillTxns").isTextual()).isTrue();
        } else {
            assertThat(slot.has("spillTxns")).isFalse();
        }
        assertThat(slot.has("sentLSN")).isFalse();
        assertThat(slot.has("safeWalSize")).isFalse();
        assertThat(slot.has("statsReset")).isFalse();
        assertThat(slot.get("backendState").asText()).isEmpty();
        assertThat(peerdb.requestCount("/v1/peers/slots/{peer_name}")).isEqualTo(3);
    }

    @Test
    void slotsOfOtherDatabasesAreNotListed() {
        String other = postgres.createDatabase("peerdb_slots_other");
        postgres.execute(other, "SELECT pg_create_logical_replication_slot('peerflow_slot_elsewhere', 'pgoutput')");
        try {
            assertThat(names(slots("?peerdb_managed_only=true"))).doesNotContain("peerflow_slot_elsewhere");
        } finally {
            postgres.execute(other, "SELECT pg_drop_replication_slot('peerflow_slot_elsewhere')");
        }
    }

    @Test
    void unknownPeersNonPostgresPeersAndBadFlagsAreRefusedAsPeerDbDoes() {
        HttpResponse<String> unknown = get(url("/v1/peers/slots/nobody"));
        HttpResponse<String> clickhouse = get(url("/v1/peers/slots/clickhouse_analytics"));
        HttpResponse<String> badFlag = get(url("/v1/peers/slots/postgres_main?peerdb_managed_only=yes"));
        HttpResponse<String> post = postJson(url("/v1/peers/slots/postgres_main"), "{}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("code").asInt()).isEqualTo(9);
        assertThat(json(unknown).get("message").asText()).contains("nobody");
        assertThat(clickhouse.statusCode()).isEqualTo(400);
        assertThat(badFlag.statusCode()).isEqualTo(400);
        assertThat(json(badFlag).get("code").asInt()).isEqualTo(3);
        assertThat(post.statusCode()).isEqualTo(501);
        assertThat(json(get(url("/v1/peers/slots/postgres_main"))).get("slotData"))
                .isEmpty();
    }

    private void runningMirror(ObjectNode body) {
        HttpResponse<String> created = postJson(url("/v1/flows/cdc/create"), body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String name = body.at("/connectionConfigs/flowJobName").asText();
        await().atMost(AT_MOST)
                .until(() -> peerdb.mirror(name)
                        .map(m -> m.status() == FlowStatus.STATUS_RUNNING)
                        .orElse(false));
    }

    private void ownSlot(String name) {
        postgres.execute(database, "SELECT pg_create_logical_replication_slot('" + name + "', 'pgoutput')");
        ownSlots.add(name);
    }

    private JsonNode slots(String query) {
        HttpResponse<String> response = get(url("/v1/peers/slots/postgres_main" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("slotData");
    }

    private static List<String> names(JsonNode slotData) {
        List<String> names = new ArrayList<>();
        slotData.forEach(slot -> names.add(slot.get("slotName").asText()));
        return names;
    }

    private static JsonNode slot(JsonNode slotData, String name) {
        for (JsonNode slot : slotData) {
            if (slot.get("slotName").asText().equals(name)) {
                return slot;
            }
        }
        throw new AssertionError("no slot " + name + " in " + slotData);
    }

    private String url(String path) {
        return peerdb.baseUrl() + path;
    }
}
