package io.echodb.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.echodb.testing.peerdb.MirrorSnapshot;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton as a user sees it: the three packaged services run as real processes against
 * a real PostgreSQL with logical WAL and the PeerDB and Slack emulators; SQL typed by a user turns into
 * PeerDB mirrors and Slack alerts.
 */
class MainPathEndToEndTest {

    private static final Duration MIRRORED_WITHIN = Duration.ofSeconds(30);

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        Path projectRoot = Path.of(System.getProperty("user.dir")).getParent();
        stack = LocalStack.start(
                projectRoot,
                null,
                Map.of(
                        "ECHODB_ALERT_POLL_INTERVAL", "1s",
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_WARNING", "4M",
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_CRITICAL", "1G"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void createTableBecomesARunningMirrorWithItsSlotAndPublication() throws SQLException {
        sql("CREATE TABLE public.orders (id bigint PRIMARY KEY, note text)");

        await().atMost(MIRRORED_WITHIN)
                .untilAsserted(() -> assertThat(mirror("orders_mirror"))
                        .containsEntry("sourceName", "postgres_main")
                        .containsEntry("destinationName", "clickhouse_analytics")
                        .containsEntry("status", "STATUS_RUNNING"));

        JsonPath status = peerDbStatus("orders_mirror");
        assertThat(status.getString("cdcStatus.config.tableMappings[0].sourceTableIdentifier"))
                .isEqualTo("public.orders");
        assertThat(status.getString("cdcStatus.config.tableMappings[0].destinationTableIdentifier"))
                .isEqualTo("orders");
        assertThat(status.getBoolean("cdcStatus.config.doInitialSnapshot")).isTrue();

        assertThat(query("SELECT plugin FROM pg_replication_slots WHERE slot_name = 'peerflow_slot_orders_mirror'"))
                .containsExactly("pgoutput");
        assertThat(query("SELECT pubviaroot::text FROM pg_publication WHERE pubname = 'peerflow_pub_orders_mirror'"))
                .containsExactly("true");
        assertThat(query("SELECT tablename FROM pg_publication_tables WHERE pubname = 'peerflow_pub_orders_mirror'"))
                .containsExactly("orders");
    }

    @Test
    void createTableAsAndSelectIntoAreMirroredOnceTheyHaveAKey() throws SQLException {
        sql("BEGIN; CREATE TABLE public.order_totals AS SELECT g AS id, g * 10 AS total FROM generate_series(1, 10) g;"
                + " ALTER TABLE public.order_totals ADD PRIMARY KEY (id); COMMIT;");
        sql("BEGIN; SELECT g AS id, 'n' || g AS label INTO public.order_labels FROM generate_series(1, 10) g;"
                + " ALTER TABLE public.order_labels ADD PRIMARY KEY (id); COMMIT;");

        await().atMost(MIRRORED_WITHIN).untilAsserted(() -> {
            assertThat(mirror("order_totals_mirror")).isNotNull();
            assertThat(mirror("order_labels_mirror")).isNotNull();
        });
    }

    @Test
    void tablesThatCannotOrShouldNotBeMirroredAreSkippedWithAReason() throws SQLException {
        sql("CREATE SCHEMA IF NOT EXISTS audit");
        sql("CREATE UNLOGGED TABLE public.scratch (id bigint PRIMARY KEY)");
        sql("CREATE TABLE audit.trail (id bigint PRIMARY KEY)");
        sql("CREATE TABLE public.events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
        sql(
                "CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
        sql("CREATE TABLE public.no_key (note text)");
        sql("BEGIN; CREATE TEMPORARY TABLE session_scratch (id bigint PRIMARY KEY); COMMIT;");
        sql("CREATE TABLE public.after_the_skips (id bigint PRIMARY KEY)");

        await().atMost(MIRRORED_WITHIN).untilAsserted(() -> {
            assertThat(mirror("after_the_skips_mirror")).isNotNull();
            assertThat(mirror("events_mirror"))
                    .as("the partitioned parent is mirrored")
                    .isNotNull();
            assertThat(skippedTables())
                    .contains("public.scratch", "audit.trail", "public.events_2026", "public.no_key");
        });
        List<String> names = mirrorNames();
        assertThat(names)
                .doesNotContain(
                        "scratch_mirror",
                        "trail_mirror",
                        "events_2026_mirror",
                        "no_key_mirror",
                        "session_scratch_mirror");
        assertThat(names).filteredOn(name -> name.startsWith("events")).containsExactly("events_mirror");
    }

    @Test
    void anUnconsumedSlotThatRetainsWalRaisesASlackAlert() throws SQLException {
        sql("SELECT pg_create_logical_replication_slot('e2e_unconsumed', 'pgoutput')");
        sql("CREATE TABLE public.wal_filler AS SELECT g, repeat('x', 1000) AS pad FROM generate_series(1, 8000) g");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(stack.slack().messages())
                        .anySatisfy(message -> assertThat(message.text()).contains("e2e_unconsumed")));

        String metrics = RestAssured.get(stack.service("alert-service").baseUrl() + "/q/metrics")
                .asString();
        assertThat(metrics).contains("echodb_slot_retained_wal_bytes").contains("slot=\"e2e_unconsumed\"");
    }

    @Test
    void oddIdentifiersAreMirroredOnceUnderValidMirrorNames() throws SQLException {
        List<String> odd =
                List.of("MixedCase", "Bestellübersicht", "a".repeat(63), "orders; DROP TABLE x;--", "2026_sales");
        for (String table : odd) {
            sql("CREATE TABLE public.\"" + table.replace("\"", "\"\"") + "\" (id bigint PRIMARY KEY)");
        }
        sql("CREATE TABLE public.\"with.dot\" (id bigint PRIMARY KEY)");

        await().atMost(MIRRORED_WITHIN).untilAsserted(() -> {
            for (String table : odd) {
                List<MirrorSnapshot> mirrors = stack.peerDb().mirrors();
                assertThat(mirrors)
                        .as(
                                "mirrors of public.%s among %s",
                                table,
                                mirrors.stream()
                                        .map(m -> m.name() + "=" + m.sourceTables())
                                        .toList())
                        .filteredOn(m -> m.sourceTables().contains("public." + table))
                        .singleElement()
                        .satisfies(m -> assertThat(m.name())
                                .matches("^[a-z_][a-z0-9_]*$")
                                .hasSizeLessThanOrEqualTo(49));
            }
            assertThat(skippedTables()).contains("public.with.dot");
        });
    }

    @Test
    void malformedPayloadsAndBodiesAreRefusedWithoutHarm() throws SQLException {
        sql("SELECT pg_notify('echodb_table_events', 'not json')");
        sql("SELECT pg_notify('echodb_table_events', '{\"v\":1,\"event\":\"CREATED\",\"oid\":\"abc\"}')");
        sql("SELECT pg_notify('echodb_table_events', '{\"v\":1,\"event\":\"CREATED\"}')");
        sql("SELECT pg_notify('echodb_table_events', repeat('x', 7900))");
        sql("SELECT pg_notify('peerdb_create_mirror', '{\"schema\": 42}')");
        String mirrorService = stack.service("mirror-service").baseUrl();
        RestAssured.given()
                .contentType("application/json")
                .body("{\"type\":\"CREATED\",")
                .post(mirrorService + "/api/v1/table-events")
                .then()
                .statusCode(400)
                .contentType(containsString("json"))
                .body("title", notNullValue());
        RestAssured.given()
                .contentType("application/json")
                .body(Map.of("type", "CREATED", "oid", "abc"))
                .post(mirrorService + "/api/v1/table-events")
                .then()
                .statusCode(400)
                .body("violations", notNullValue());

        sql("CREATE TABLE public.after_bad_input (id bigint PRIMARY KEY)");
        await().atMost(MIRRORED_WITHIN)
                .untilAsserted(
                        () -> assertThat(mirror("after_bad_input_mirror")).isNotNull());
        for (String service : List.of("listener-service", "mirror-service", "alert-service")) {
            RestAssured.get(stack.service(service).baseUrl() + "/q/health/ready")
                    .then()
                    .statusCode(200);
        }
    }

    private static Map<String, Object> mirror(String name) {
        List<Map<String, Object>> mirrors = RestAssured.get(stack.peerDb().baseUrl() + "/v1/mirrors/list")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("mirrors");
        return mirrors.stream()
                .filter(m -> name.equals(m.get("name")))
                .findFirst()
                .orElse(null);
    }

    private static List<String> mirrorNames() {
        return RestAssured.get(stack.peerDb().baseUrl() + "/v1/mirrors/list")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("mirrors.name", String.class);
    }

    private static JsonPath peerDbStatus(String name) {
        return RestAssured.given()
                .contentType("application/json")
                .body(Map.of("flowJobName", name, "includeFlowInfo", true, "excludeBatches", true))
                .post(stack.peerDb().baseUrl() + "/v1/mirrors/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> skippedTables() {
        JsonPath skipped = RestAssured.get(stack.service("mirror-service").baseUrl() + "/api/v1/skipped-tables")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> schemas = skipped.getList("schema", String.class);
        List<String> tables = skipped.getList("table", String.class);
        List<String> qualified = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            qualified.add(schemas.get(i) + "." + tables.get(i));
        }
        return qualified;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement jdbc = connection.createStatement()) {
            jdbc.execute(statement);
        }
    }

    private static List<String> query(String select) throws SQLException {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement jdbc = connection.createStatement();
                ResultSet rows = jdbc.executeQuery(select)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
