package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echodb.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The trigger script itself, run the way a DBA runs it, against a real PostgreSQL (the fixtures' version, 13 to 18); one database per test. */
class EventTriggerScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestPostgres postgres = TestPostgres.shared();
    private String database;
    private Connection listener;

    @BeforeEach
    void installTrigger() throws Exception {
        database = postgres.createDatabase("trigger_script");
        postgres.execute(database, EventTriggerService.loadScript());
        listener = postgres.connect(database);
        try (Statement statement = listener.createStatement()) {
            statement.execute("LISTEN echodb_table_events");
        }
    }

    @AfterEach
    void closeListener() throws SQLException {
        listener.close();
    }

    @Test
    void runningTheScriptAgainLeavesOneEnabledTriggerPerEvent() throws Exception {
        postgres.execute(database, EventTriggerService.loadScript());
        postgres.execute(database, EventTriggerService.loadScript());

        assertThat(
                        rows(
                                "SELECT evtname || ':' || evtevent || ':' || evtenabled::text FROM pg_event_trigger ORDER BY evtname"))
                .containsExactly("echodb_table_created:ddl_command_end:O", "echodb_table_dropped:sql_drop:O");
        assertThat(rows("SELECT prosecdef::text || ' ' || array_to_string(proconfig, ',') FROM pg_proc "
                        + "WHERE oid = 'echodb.notify_table_event()'::regprocedure"))
                .containsExactly("false search_path=pg_catalog, pg_temp");
    }

    @Test
    void createTableCreateTableAsAndSelectIntoEachSendOneCreatedPayload() throws Exception {
        postgres.execute(
                database, "CREATE TABLE public.\"Order \"\"Lines\"\" ü\" (id bigserial PRIMARY KEY, note text)");
        postgres.execute(database, "CREATE TABLE public.copied AS SELECT 1 AS id");
        postgres.execute(database, "SELECT 1 AS id INTO public.selected");

        List<JsonNode> payloads = receive(3);

        assertThat(payloads)
                .extracting(p -> p.get("tag").asText() + " " + p.get("table").asText())
                .containsExactly("CREATE TABLE Order \"Lines\" ü", "CREATE TABLE AS copied", "SELECT INTO selected");
        JsonNode first = payloads.getFirst();
        assertThat(first.get("v").asInt()).isEqualTo(1);
        assertThat(first.get("event").asText()).isEqualTo("CREATED");
        assertThat(first.get("schema").asText()).isEqualTo("public");
        assertThat(first.get("oid").isIntegralNumber()).isTrue();
        assertThat(first.get("oid").asLong())
                .isEqualTo(Long.parseLong(rows("SELECT 'public.\"Order \"\"Lines\"\" ü\"'::regclass::oid::text")
                        .getFirst()));
    }

    @Test
    void temporaryTablesAndRolledBackDdlSendNothing() throws Exception {
        try (Connection session = postgres.connect(database);
                Statement statement = session.createStatement()) {
            statement.execute("CREATE TEMP TABLE scratch (id int PRIMARY KEY)");
            session.setAutoCommit(false);
            statement.execute("CREATE TABLE public.never_committed (id int PRIMARY KEY)");
            session.rollback();
            session.setAutoCommit(true);
            statement.execute("DROP TABLE scratch");
        }
        postgres.execute(database, "CREATE TABLE public.marker (id int PRIMARY KEY)");

        assertThat(receive(1)).extracting(p -> p.get("table").asText()).containsExactly("marker");
    }

    @Test
    void dropTableSendsADroppedPayload() throws Exception {
        postgres.execute(database, "CREATE TABLE public.doomed (id int PRIMARY KEY)");
        String oid = rows("SELECT 'public.doomed'::regclass::oid::text").getFirst();
        postgres.execute(database, "DROP TABLE public.doomed");

        JsonNode dropped = receive(2).get(1);

        assertThat(dropped.get("event").asText()).isEqualTo("DROPPED");
        assertThat(dropped.get("tag").asText()).isEqualTo("DROP TABLE");
        assertThat(dropped.get("oid").asText()).isEqualTo(oid);
        assertThat(dropped.get("table").asText()).isEqualTo("doomed");
    }

    @Test
    void aFailingTriggerFunctionNeverBreaksTheDdl() throws Exception {
        String role = "echodb_app_" + database;
        postgres.execute(
                database,
                "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) FROM PUBLIC;"
                        + "CREATE ROLE " + role + ";"
                        + "GRANT USAGE, CREATE ON SCHEMA public TO " + role);

        SQLWarning warning;
        try (Connection session = postgres.connect(database);
                Statement statement = session.createStatement()) {
            statement.execute("SET ROLE " + role);
            statement.execute("CREATE TABLE public.still_created (id int PRIMARY KEY)");
            warning = statement.getWarnings();
        }

        assertThat(rows("SELECT count(*)::text FROM pg_class WHERE relname = 'still_created'"))
                .containsExactly("1");
        assertThat(warning == null ? null : warning.getMessage())
                .contains("no EchoDB notification sent for CREATE TABLE");
    }

    private List<JsonNode> receive(int count) {
        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(100);
            if (batch != null) {
                for (PGNotification notification : batch) {
                    received.add(JSON.readTree(notification.getParameter()));
                }
            }
            return received.size() >= count;
        });
        return received;
    }

    private List<String> rows(String query) throws SQLException {
        try (Connection connection = postgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
