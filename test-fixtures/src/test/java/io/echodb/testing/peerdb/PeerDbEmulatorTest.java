package io.echodb.testing.peerdb;

import static io.echodb.testing.TestHttp.get;
import static io.echodb.testing.TestHttp.json;
import static io.echodb.testing.TestHttp.postJson;
import static io.echodb.testing.TestHttp.request;
import static io.echodb.testing.peerdb.PeerDbRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerDbEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration AT_MOST = Duration.ofSeconds(15);

    private final TestPostgres postgres = TestPostgres.shared();
    private String database;
    private PeerDbEmulator peerdb;

    @BeforeEach
    void startEmulator() {
        database = postgres.createDatabase("peerdb_emulator");
        peerdb = emulator(Duration.ofMillis(50));
    }

    @AfterEach
    void stopEmulator() {
        peerdb.reset();
        peerdb.stop();
    }

    private PeerDbEmulator emulator(Duration stepDelay) {
        return PeerDbRequests.startEmulator(postgres.jdbcUrl(database), stepDelay);
    }

    @Test
    void createdMirrorGoesFromSetupToRunningAndOwnsARealSlotAndPublication() throws Exception {
        peerdb.stop();
        peerdb = emulator(Duration.ofMillis(500));
        postgres.execute(
                database,
                "CREATE TABLE public.orders (id bigint PRIMARY KEY); INSERT INTO public.orders VALUES (1), (2)");

        HttpResponse<String> created = postJson(
                url("/v1/flows/cdc/create"),
                create("orders_mirror", true, "public.orders").toString());

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(json(created)).isEqualTo(JSON.readTree("{\"workflowId\":\"orders_mirror-peerflow\"}"));
        assertThat(status("orders_mirror", false).get("currentFlowState").asText())
                .isEqualTo("STATUS_SETUP");
        await().atMost(AT_MOST)
                .until(
                        () -> status("orders_mirror", false)
                                .get("currentFlowState")
                                .asText(),
                        state -> state.equals("STATUS_RUNNING"));

        assertThat(query(
                        "SELECT plugin, database FROM pg_replication_slots WHERE slot_name = ?",
                        "peerflow_slot_orders_mirror"))
                .containsExactly("pgoutput", database);
        assertThat(query("SELECT pubviaroot::text FROM pg_publication WHERE pubname = ?", "peerflow_pub_orders_mirror"))
                .containsExactly("true");
        assertThat(query(
                        "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?",
                        "peerflow_pub_orders_mirror"))
                .containsExactly("public.orders");

        JsonNode listed = json(get(url("/v1/mirrors/list"))).get("mirrors").get(0);
        assertThat(listed.get("id").isTextual()).isTrue();
        assertThat(listed.get("workflowId").asText()).isEqualTo("orders_mirror-peerflow");
        assertThat(listed.get("sourceType").asText()).isEqualTo("POSTGRES");
        assertThat(listed.get("destinationType").asText()).isEqualTo("CLICKHOUSE");
        assertThat(listed.get("createdAt").isNumber()).isTrue();
        assertThat(listed.get("createdAt").toString()).doesNotContain("E").doesNotContain(".");
        assertThat(listed.get("isCdc").asBoolean()).isTrue();
        assertThat(listed.get("status").asText()).isEqualTo("STATUS_RUNNING");

        JsonNode status = status("orders_mirror", true);
        OffsetDateTime.parse(status.get("createdAt").asText());
        JsonNode config = status.get("cdcStatus").get("config");
        assertThat(config.get("idleTimeoutSeconds").asText()).isEqualTo("60");
        assertThat(config.get("idleTimeoutSeconds").isTextual()).isTrue();
        assertThat(config.get("maxBatchSize").isNumber()).isTrue();
        assertThat(config.get("publicationName").asText()).isEmpty();
        assertThat(config.get("env").isObject()).isTrue();
        assertThat(config.get("system").asText()).isEqualTo("Q");
        assertThat(config.has("skipValidation")).isFalse();
        assertThat(config.get("tableMappings").get(0).get("engine").asText())
                .isEqualTo("CH_ENGINE_REPLACING_MERGE_TREE");
        assertThat(config.get("tableMappings").get(0).get("exclude").isArray()).isTrue();
        JsonNode clone =
                status.get("cdcStatus").get("snapshotStatus").get("clones").get(0);
        assertThat(clone.get("sourceTable").asText()).isEqualTo("public.orders");
        assertThat(clone.get("numRowsSynced").asText()).isEqualTo("2");
        assertThat(status.get("cdcStatus").get("rowsSynced").asText()).isEqualTo("0");
    }

    @Test
    void secondCreateOfTheSameNameIs409UnlessAttaching() throws Exception {
        tableWithPrimaryKey("public.t1");
        postJson(
                url("/v1/flows/cdc/create"),
                create("dup_mirror", false, "public.t1").toString());

        HttpResponse<String> again = postJson(
                url("/v1/flows/cdc/create"),
                create("dup_mirror", false, "public.t1").toString());
        ObjectNode attach = create("dup_mirror", false, "public.t1");
        attach.put("attachToExisting", true);
        HttpResponse<String> attached = postJson(url("/v1/flows/cdc/create"), attach.toString());

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again))
                .isEqualTo(
                        JSON.readTree("{\"code\":6,\"message\":\"flow already exists: dup_mirror\",\"details\":[]}"));
        assertThat(attached.statusCode()).isEqualTo(200);
        assertThat(json(attached).get("workflowId").asText()).isEqualTo("dup_mirror-peerflow");
        assertThat(peerdb.mirrors()).hasSize(1);
        assertThat(peerdb.createRequests()).hasSize(3);
        assertThat(peerdb.createRequests().get(0).receivedNanos())
                .isLessThan(peerdb.createRequests().get(2).receivedNanos());
    }

    @Test
    void validateAnswersTypedErrors() throws Exception {
        tableWithPrimaryKey("public.present");
        postgres.execute(
                database,
                "CREATE TABLE public.nothing (id int PRIMARY KEY); ALTER TABLE public.nothing REPLICA IDENTITY NOTHING");
        postJson(
                url("/v1/flows/cdc/create"),
                create("taken", false, "public.present").toString());

        HttpResponse<String> exists = postJson(
                url("/v1/mirrors/cdc/validate"),
                create("taken", false, "public.present").toString());
        HttpResponse<String> missing = postJson(
                url("/v1/mirrors/cdc/validate"),
                create("fresh", false, "public.present", "public.missing").toString());
        ObjectNode snapshotOnly = create("fresh", false, "public.present");
        ((ObjectNode) snapshotOnly.get("connectionConfigs")).put("initialSnapshotOnly", true);
        HttpResponse<String> badFlags = postJson(url("/v1/mirrors/cdc/validate"), snapshotOnly.toString());
        ObjectNode unknownPeer = create("fresh", false, "public.present");
        ((ObjectNode) unknownPeer.get("connectionConfigs")).put("sourceName", "no_such_peer");
        HttpResponse<String> noPeer = postJson(url("/v1/mirrors/cdc/validate"), unknownPeer.toString());
        HttpResponse<String> nothing = postJson(
                url("/v1/mirrors/cdc/validate"),
                create("fresh", false, "public.nothing").toString());
        HttpResponse<String> valid = postJson(
                url("/v1/mirrors/cdc/validate"),
                create("fresh", false, "public.present").toString());

        assertThat(exists.statusCode()).isEqualTo(409);
        assertThat(json(exists).get("code").asInt()).isEqualTo(6);
        assertThat(json(exists).get("details").get(0)).isEqualTo(JSON.readTree("""
                {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"MIRROR","domain":"peerdb.io",
                 "metadata":{"offendingField":"flow_job_name"}}"""));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("code").asInt()).isEqualTo(9);
        assertThat(json(missing).get("message").asText()).isEqualTo("source tables do not exist: public.missing");
        assertThat(json(missing).get("details").get(0).get("reason").asText()).isEqualTo("SOURCE_TABLE_MISSING");
        assertThat(json(missing).get("details").get(1).get("@type").asText())
                .isEqualTo("type.googleapis.com/google.rpc.PreconditionFailure");
        assertThat(json(missing)
                        .get("details")
                        .get(1)
                        .get("violations")
                        .get(0)
                        .get("subject")
                        .asText())
                .isEqualTo("public.missing");
        assertThat(badFlags.statusCode()).isEqualTo(400);
        assertThat(json(badFlags).get("code").asInt()).isEqualTo(3);
        assertThat(noPeer.statusCode()).isEqualTo(400);
        assertThat(json(noPeer).get("message").asText()).contains("peers not found: [no_such_peer]");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(json(nothing).get("message").asText()).contains("replica identity 'n'/NOTHING");
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).isEqualTo("{}");
    }

    @Test
    void createWrapsValidationFailuresInto500AndCreatesNothing() {
        HttpResponse<String> response = postJson(
                url("/v1/flows/cdc/create"),
                create("wrapped", false, "public.missing").toString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("code").asInt()).isEqualTo(13);
        assertThat(json(response).get("message").asText())
                .isEqualTo(
                        "invalid mirror: rpc error: code = FailedPrecondition desc = source tables do not exist: public.missing");
        assertThat(json(response).get("details")).isEmpty();
        assertThat(peerdb.mirrors()).isEmpty();
        assertThat(peerdb.createRequests())
                .singleElement()
                .satisfies(received -> assertThat(received.json()
                                .at("/connectionConfigs/flowJobName")
                                .asText())
                        .isEqualTo("wrapped"));
    }

    @Test
    void invalidMirrorNameIsAcceptedThenFailsInSetup() throws Exception {
        tableWithPrimaryKey("public.t1");

        HttpResponse<String> response = postJson(
                url("/v1/flows/cdc/create"),
                create("Bad-Name", false, "public.t1").toString());

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(AT_MOST)
                .until(
                        () -> status("Bad-Name", false).get("currentFlowState").asText(),
                        state -> state.equals("STATUS_FAILED"));
        JsonNode logs = logs("Bad-Name", "error", 10);
        assertThat(logs.get("errors").get(0).get("errorMessage").asText())
                .contains("invalid flow job name: `Bad-Name`");
        assertThat(query("SELECT slot_name FROM pg_replication_slots WHERE slot_name = ?", "peerflow_slot_Bad-Name"))
                .isEmpty();
    }

    @Test
    void tableWithoutPrimaryKeyKeepsTheMirrorInSetupWithRepeatedErrors() {
        postgres.execute(database, "CREATE TABLE public.no_pk (id int)");

        postJson(
                url("/v1/flows/cdc/create"),
                create("no_pk_mirror", false, "public.no_pk").toString());

        await().atMost(AT_MOST)
                .until(() -> logs("no_pk_mirror", "error", 10).get("total").asInt() >= 2);
        assertThat(logs("no_pk_mirror", "error", 10)
                        .get("errors")
                        .get(0)
                        .get("errorMessage")
                        .asText())
                .isEqualTo("table \"public\".\"no_pk\" has no primary keys and does not have REPLICA IDENTITY FULL");
        assertThat(status("no_pk_mirror", false).get("currentFlowState").asText())
                .isEqualTo("STATUS_SETUP");
    }

    @Test
    void pauseAndResumeActOnlyFromTheRightStatesAndEverythingElseIsHandled() throws Exception {
        tableWithPrimaryKey("public.t1");
        postgres.execute(database, "CREATE TABLE public.no_pk (id int)");
        runningMirror("pausable", "public.t1");
        postJson(
                url("/v1/flows/cdc/create"),
                create("stuck", false, "public.no_pk").toString());

        HttpResponse<String> pause = stateChange("pausable", "STATUS_PAUSED");
        assertThat(pause.statusCode()).isEqualTo(200);
        assertThat(pause.body()).isEqualTo("{}");
        assertThat(status("pausable", false).get("currentFlowState").asText()).isIn("STATUS_PAUSING", "STATUS_PAUSED");
        awaitState("pausable", "STATUS_PAUSED");
        assertThat(stateChange("pausable", "STATUS_RUNNING").statusCode()).isEqualTo(200);
        awaitState("pausable", "STATUS_RUNNING");

        assertThat(stateChange("stuck", "STATUS_PAUSED").statusCode()).isEqualTo(200);
        assertThat(status("stuck", false).get("currentFlowState").asText()).isEqualTo("STATUS_SETUP");
        HttpResponse<String> omitted = postJson(url("/v1/mirrors/state_change"), "{\"flowJobName\":\"pausable\"}");
        assertThat(omitted.statusCode()).isEqualTo(400);
        assertThat(json(omitted).get("message").asText()).startsWith("illegal state change requested");
        HttpResponse<String> unknown = stateChange("no_such_mirror", "STATUS_PAUSED");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asInt()).isEqualTo(5);
    }

    @Test
    void tablesAddedToAPausedMirrorAreAppliedOnResume() throws Exception {
        tableWithPrimaryKey("public.t1");
        tableWithPrimaryKey("public.t2");
        runningMirror("growing", "public.t1");
        stateChange("growing", "STATUS_PAUSED");
        awaitState("growing", "STATUS_PAUSED");

        assertThat(editTables("growing", "STATUS_RUNNING", "additionalTables", "public.t2")
                        .statusCode())
                .isEqualTo(200);

        awaitState("growing", "STATUS_RUNNING");
        assertThat(query(
                        "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1",
                        "peerflow_pub_growing"))
                .containsExactly("public.t1", "public.t2");
        assertThat(status("growing", true).at("/cdcStatus/config/tableMappings"))
                .hasSize(2);

        assertThat(editTables("growing", "STATUS_PAUSED", "removedTables", "public.t1")
                        .statusCode())
                .isEqualTo(200);

        await().atMost(AT_MOST)
                .until(
                        () -> query(
                                "SELECT tablename FROM pg_publication_tables WHERE pubname = ?",
                                "peerflow_pub_growing"),
                        tables -> tables.equals(List.of("t2")));
        awaitState("growing", "STATUS_RUNNING");
        assertThat(status("growing", true)
                        .at("/cdcStatus/config/tableMappings/0/sourceTableIdentifier")
                        .asText())
                .isEqualTo("public.t2");
    }

    @Test
    void addingATableMissingFromACustomPublicationFailsTheMirror() throws Exception {
        tableWithPrimaryKey("public.t1");
        tableWithPrimaryKey("public.t2");
        postgres.execute(database, "CREATE PUBLICATION my_pub FOR TABLE public.t1");
        ObjectNode custom = create("custom_pub", false, "public.t1");
        ((ObjectNode) custom.get("connectionConfigs")).put("publicationName", "my_pub");
        assertThat(postJson(url("/v1/flows/cdc/create"), custom.toString()).statusCode())
                .isEqualTo(200);
        awaitState("custom_pub", "STATUS_RUNNING");
        stateChange("custom_pub", "STATUS_PAUSED");
        awaitState("custom_pub", "STATUS_PAUSED");

        editTables("custom_pub", "STATUS_RUNNING", "additionalTables", "public.t2");

        awaitState("custom_pub", "STATUS_FAILED");
        assertThat(query("SELECT tablename FROM pg_publication_tables WHERE pubname = ?", "my_pub"))
                .containsExactly("t1");
        assertThat(query("SELECT slot_name FROM pg_replication_slots WHERE slot_name = ?", "peerflow_slot_custom_pub"))
                .containsExactly("peerflow_slot_custom_pub");
    }

    @Test
    void terminateDropsTheSlotAndPublicationAndRemovesTheMirror() throws Exception {
        tableWithPrimaryKey("public.t1");
        runningMirror("doomed", "public.t1");

        assertThat(stateChange("doomed", "STATUS_TERMINATED").body()).isEqualTo("{}");

        await().atMost(AT_MOST).until(() -> statusResponse("doomed").statusCode() == 404);
        assertThat(json(statusResponse("doomed")).get("message").asText()).isEqualTo("flow doomed not found");
        assertThat(query("SELECT slot_name FROM pg_replication_slots WHERE slot_name = ?", "peerflow_slot_doomed"))
                .isEmpty();
        assertThat(query("SELECT pubname FROM pg_publication WHERE pubname = ?", "peerflow_pub_doomed"))
                .isEmpty();
        assertThat(json(get(url("/v1/mirrors/list"))).get("mirrors")).isEmpty();
    }

    @Test
    void unknownPathIs404AndWrongMethodIs501LikeGrpcGateway() throws Exception {
        HttpResponse<String> unknown = get(url("/v1/no/such/route"));
        HttpResponse<String> wrongMethod = get(url("/v1/flows/cdc/create"));
        HttpResponse<String> postToList = request("POST", url("/v1/mirrors/list"));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown)).isEqualTo(JSON.readTree("{\"code\":5,\"message\":\"Not Found\",\"details\":[]}"));
        assertThat(wrongMethod.statusCode()).isEqualTo(501);
        assertThat(json(wrongMethod))
                .isEqualTo(JSON.readTree("{\"code\":12,\"message\":\"Method Not Allowed\",\"details\":[]}"));
        assertThat(postToList.statusCode()).isEqualTo(501);
    }

    @Test
    void requestsMayUseSnakeCaseNamesInt64StringsAndUnknownFields() throws Exception {
        tableWithPrimaryKey("public.t1");
        String body = """
                {"connection_configs":{"flow_job_name":"snake","source_name":"postgres_main",
                  "destination_name":"clickhouse_analytics","idle_timeout_seconds":"45","max_batch_size":"1000",
                  "table_mappings":[{"source_table_identifier":"public.t1","destination_table_identifier":"t1"}],
                  "env":{"SOME_KEY":"x"},"not_a_field":true},
                 "attach_to_existing":false}""";

        HttpResponse<String> created = postJson(url("/v1/flows/cdc/create"), body);

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode config = status("snake", true).at("/cdcStatus/config");
        assertThat(config.get("idleTimeoutSeconds").asText()).isEqualTo("45");
        assertThat(config.get("maxBatchSize").asInt()).isEqualTo(1000);
        assertThat(config.get("env").get("SOME_KEY").asText()).isEqualTo("x");
        assertThat(config.at("/tableMappings/0/sourceTableIdentifier").asText()).isEqualTo("public.t1");
        HttpResponse<String> logs = postJson(
                url("/v1/mirrors/logs"),
                "{\"flow_job_name\":\"snake\",\"num_per_page\":\"5\",\"before_id\":-1,\"after_id\":-1}");
        assertThat(logs.statusCode()).isEqualTo(200);
    }

    @Test
    void mixedCaseUnicodeAndInjectionLookingNamesAreQuotedSafely() throws Exception {
        String schema = "Sch émä";
        String table = "Weird\"Name'; DROP TABLE keep; --";
        postgres.execute(database, "CREATE TABLE keep (id int PRIMARY KEY)");
        postgres.execute(
                database,
                "CREATE SCHEMA \"Sch émä\"; CREATE TABLE \"Sch émä\".\"Weird\"\"Name'; DROP TABLE keep; --\" (id int PRIMARY KEY)");

        runningMirror("odd_names", schema + "." + table);

        assertThat(query(
                        "SELECT tablename FROM pg_publication_tables WHERE pubname = ? AND schemaname = ?",
                        "peerflow_pub_odd_names",
                        schema))
                .containsExactly(table);
        assertThat(query("SELECT relname FROM pg_class WHERE relname = ?", "keep"))
                .containsExactly("keep");
    }

    @Test
    void logsMatchNamesBySubstringAndLevelsCaseSensitively() throws Exception {
        tableWithPrimaryKey("public.t1");
        runningMirror("orders_mirror", "public.t1");
        peerdb.forceState("orders_mirror", FlowStatus.STATUS_FAILED, "boom");

        assertThat(logs("orders", "error", 10)
                        .get("errors")
                        .get(0)
                        .get("errorMessage")
                        .asText())
                .isEqualTo("boom");
        assertThat(logs("orders", "ERROR", 10).get("errors")).isEmpty();
        assertThat(logs("orders", "all", 10).get("total").asInt()).isEqualTo(1);
        JsonNode none = logs("orders", "", 0);
        assertThat(none.get("errors")).isEmpty();
        assertThat(none.get("total").asInt()).isEqualTo(1);
        assertThat(logs("orders", "error", 10).at("/errors/0/errorTimestamp").isNumber())
                .isTrue();
        assertThat(status("orders_mirror", false).get("currentFlowState").asText())
                .isEqualTo("STATUS_FAILED");
    }

    @Test
    void resetForgetsMirrorsAndDropsWhatTheEmulatorCreated() throws Exception {
        tableWithPrimaryKey("public.t1");
        runningMirror("forgotten", "public.t1");

        assertThat(postJson(url("/_emulator/reset"), "").statusCode()).isEqualTo(204);

        assertThat(peerdb.mirrors()).isEmpty();
        assertThat(peerdb.createRequests()).isEmpty();
        assertThat(query("SELECT slot_name FROM pg_replication_slots WHERE slot_name = ?", "peerflow_slot_forgotten"))
                .isEmpty();
        assertThat(query("SELECT pubname FROM pg_publication WHERE pubname = ?", "peerflow_pub_forgotten"))
                .isEmpty();
    }

    @Test
    void versionAndPeersAreServed() throws Exception {
        HttpResponse<String> version = get(url("/v1/version"));
        ObjectNode peer = JSON.createObjectNode();
        ObjectNode definition = peer.putObject("peer");
        definition.put("name", "another_pg").put("type", "POSTGRES");
        definition
                .putObject("postgresConfig")
                .put("host", "127.0.0.1")
                .put("port", postgres.port())
                .put("user", "postgres")
                .put("password", "")
                .put("database", database);
        HttpResponse<String> created = postJson(url("/v1/peers/create"), peer.toString());
        ((ObjectNode) peer.get("peer").get("postgresConfig")).put("database", "no_such_database");
        HttpResponse<String> invalid =
                postJson(url("/v1/peers/create"), peer.toString().replace("another_pg", "bad_pg"));

        assertThat(json(version).get("version").asText()).isEqualTo("v0.37.4-emulator");
        assertThat(json(created)).isEqualTo(JSON.readTree("{\"status\":\"CREATED\",\"message\":\"\"}"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("code").asInt()).isEqualTo(9);
        JsonNode peers = json(get(url("/v1/peers/list")));
        assertThat(peers.get("items").findValuesAsText("name"))
                .containsExactly("postgres_main", "clickhouse_analytics", "another_pg");
        assertThat(peers.get("sourceItems").findValuesAsText("name")).containsExactly("postgres_main", "another_pg");
        assertThat(peers.get("destinationItems").findValuesAsText("name"))
                .containsExactly("postgres_main", "clickhouse_analytics", "another_pg");
    }

    @Test
    void customPublicationMustHoldTheTablesAndExistingSlotFailsASnapshottingMirror() throws Exception {
        tableWithPrimaryKey("public.t1");
        tableWithPrimaryKey("public.t2");
        postgres.execute(database, "CREATE PUBLICATION my_pub FOR TABLE public.t1");
        ObjectNode custom = create("custom_pub", false, "public.t1", "public.t2");
        ((ObjectNode) custom.get("connectionConfigs")).put("publicationName", "my_pub");
        postgres.execute(database, "SELECT pg_create_logical_replication_slot('peerflow_slot_slot_taken', 'pgoutput')");

        HttpResponse<String> notInPublication = postJson(url("/v1/mirrors/cdc/validate"), custom.toString());
        postJson(
                url("/v1/flows/cdc/create"),
                create("slot_taken", true, "public.t1").toString());

        assertThat(notInPublication.statusCode()).isEqualTo(400);
        assertThat(json(notInPublication).get("message").asText())
                .isEqualTo("tables not in publication \"my_pub\": public.t2");
        assertThat(json(notInPublication).at("/details/0/metadata/publication").asText())
                .isEqualTo("my_pub");
        awaitState("slot_taken", "STATUS_FAILED");
        assertThat(peerdb.logs()).extracting(MirrorLogEntry::message).contains("slot already exists");
        postgres.execute(database, "SELECT pg_drop_replication_slot('peerflow_slot_slot_taken')");
    }

    @Test
    void controlEndpointsForceStatesAndListWhatWasReceived() throws Exception {
        tableWithPrimaryKey("public.t1");
        runningMirror("controlled", "public.t1");

        HttpResponse<String> forced = postJson(
                url("/_emulator/mirrors/controlled/state"),
                "{\"status\":\"STATUS_PAUSED\",\"errorMessage\":\"paused by a test\"}");
        HttpResponse<String> unknown =
                postJson(url("/_emulator/mirrors/nobody/state"), "{\"status\":\"STATUS_FAILED\"}");

        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(status("controlled", false).get("currentFlowState").asText()).isEqualTo("STATUS_PAUSED");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode received = json(get(url("/_emulator/create-requests")));
        assertThat(received).hasSize(1);
        assertThat(received.at("/0/json/connectionConfigs/flowJobName").asText())
                .isEqualTo("controlled");
        OffsetDateTime.parse(received.at("/0/receivedAt").asText());
        assertThat(json(get(url("/_emulator/mirrors"))).at("/0/slotName").asText())
                .isEqualTo("peerflow_slot_controlled");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private String url(String path) {
        return peerdb.baseUrl() + path;
    }

    private void tableWithPrimaryKey(String qualified) {
        postgres.execute(database, "CREATE TABLE " + qualified + " (id bigint PRIMARY KEY)");
    }

    private void runningMirror(String name, String... tables) {
        HttpResponse<String> created = postJson(
                url("/v1/flows/cdc/create"), create(name, false, tables).toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        awaitState(name, "STATUS_RUNNING");
    }

    private void awaitState(String name, String state) {
        await().atMost(AT_MOST)
                .until(() -> status(name, false).get("currentFlowState").asText(), state::equals);
    }

    private HttpResponse<String> statusResponse(String name) {
        return postJson(url("/v1/mirrors/status"), "{\"flowJobName\":" + JSON.valueToTree(name) + "}");
    }

    private JsonNode status(String name, boolean includeFlowInfo) {
        ObjectNode body = JSON.createObjectNode()
                .put("flowJobName", name)
                .put("includeFlowInfo", includeFlowInfo)
                .put("excludeBatches", true);
        HttpResponse<String> response = postJson(url("/v1/mirrors/status"), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> stateChange(String name, String requested) {
        ObjectNode body = JSON.createObjectNode().put("flowJobName", name).put("requestedFlowState", requested);
        return postJson(url("/v1/mirrors/state_change"), body.toString());
    }

    /** A state change carrying a table addition ({@code additionalTables}) or removal ({@code removedTables}). */
    private HttpResponse<String> editTables(String name, String requested, String field, String table) {
        ObjectNode edit = JSON.createObjectNode().put("flowJobName", name).put("requestedFlowState", requested);
        edit.putObject("flowConfigUpdate")
                .putObject("cdcFlowConfigUpdate")
                .putArray(field)
                .addObject()
                .put("sourceTableIdentifier", table)
                .put("destinationTableIdentifier", table.replace('.', '_'));
        return postJson(url("/v1/mirrors/state_change"), edit.toString());
    }

    private JsonNode logs(String name, String level, int numPerPage) {
        ObjectNode body = JSON.createObjectNode()
                .put("flowJobName", name)
                .put("level", level)
                .put("numPerPage", numPerPage)
                .put("beforeId", -1)
                .put("afterId", -1);
        return json(postJson(url("/v1/mirrors/logs"), body.toString()));
    }

    /** Runs a query with one text parameter in the source database; returns the rows' columns flattened. */
    private List<String> query(String sql, String parameter) throws SQLException {
        return query(sql, new String[] {parameter});
    }

    private List<String> query(String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = postgres.connect(database);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        values.add(rows.getString(column));
                    }
                }
            }
        }
        return values;
    }
}
