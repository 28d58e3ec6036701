package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.echodb.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@code deploy/sql/echodb-roles.sql} (the logins of docs/security.md) on a real PostgreSQL (the fixtures' version) with the
 * listener's event trigger installed: each login can do what its service does and is refused the rest.
 */
class DatabaseRolesTest {

    private static final Path ROLES = Repository.path("deploy", "sql", "echodb-roles.sql");
    private static final Path EVENT_TRIGGER =
            Repository.path("listener-service", "src", "main", "resources", "db", "echodb-event-trigger.sql");
    private static final Path ALERT_STATE =
            Repository.path("alert-service", "src", "main", "resources", "db", "alert-state.sql");
    private static final Path SOURCE_QUERY = Repository.path(
            "alert-service", "src", "main", "java", "io", "echodb", "alert", "client", "SourceClient.java");
    private static final String DATABASE = "app";
    private static final String LISTENER_PASSWORD = "fake-listener-password";
    private static final String ALERT_PASSWORD = "fake-alert-password";
    private static final String PERMISSION_DENIED = "42501";

    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgresWithTheRolesAndTheEventTrigger() throws SQLException {
        // A server of its own: roles are cluster-wide.
        postgres = TestPostgres.start(null);
        postgres.execute("postgres", "CREATE DATABASE " + DATABASE);
        try (Connection admin = superuser()) {
            execute(admin, Repository.read(EVENT_TRIGGER));
            execute(
                    admin,
                    Repository.read(ROLES)
                            .replace(":'listener_password'", "'" + LISTENER_PASSWORD + "'")
                            .replace(":'alert_password'", "'" + ALERT_PASSWORD + "'")
                            .replace(":\"DBNAME\"", "\"" + DATABASE + "\""));
            execute(admin, "CREATE SCHEMA sales");
            if (!postgres.version().atLeast(15)) {
                // PostgreSQL 13 and 14 let PUBLIC create in schema public; docs/security.md asks to revoke it, as
                // PostgreSQL 15 does by default.
                execute(admin, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            }
        }
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void theListenerLoginHearsOfEveryNewTableThroughTheEventTrigger() throws SQLException {
        try (Connection listener = login("echodb_listener", LISTENER_PASSWORD);
                Connection admin = superuser()) {
            execute(listener, "LISTEN echodb_table_events");
            execute(admin, "CREATE TABLE sales.invoices (id bigint PRIMARY KEY)");

            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);

            assertThat(notifications).extracting(PGNotification::getName).containsExactly("echodb_table_events");
            assertThat(notifications[0].getParameter())
                    .contains("\"event\" : \"CREATED\"")
                    .contains("\"schema\" : \"sales\"")
                    .contains("\"table\" : \"invoices\"");
        }
    }

    @Test
    void theListenerLoginClassifiesTablesByOidAndChecksTheTriggerWithoutAccessToAnySchema() throws SQLException {
        try (Connection admin = superuser();
                Connection listener = login("echodb_listener", LISTENER_PASSWORD)) {
            execute(admin, "CREATE TABLE sales.orders (id bigint PRIMARY KEY, note text)");
            long oid = Long.parseLong(
                    first(admin, "SELECT 'sales.orders'::regclass::oid::bigint").getFirst());

            assertThat(first(listener, """
                    SELECT n.nspname, c.relname, c.relkind::text, c.relpersistence::text,
                           EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
                    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.oid = %d""".formatted(oid))).containsExactly("sales", "orders", "r", "p", "t");
            assertThat(first(
                            listener,
                            "SELECT evtenabled::text FROM pg_catalog.pg_event_trigger "
                                    + "WHERE evtname = 'echodb_table_created'"))
                    .containsExactly("O");
            assertThatThrownBy(() -> first(listener, "SELECT count(*) FROM sales.orders"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));
        }
    }

    @Test
    void onlyASuperuserInstallsTheEventTrigger() throws SQLException {
        try (Connection listener = login("echodb_listener", LISTENER_PASSWORD)) {
            assertThatThrownBy(() -> execute(listener, Repository.read(EVENT_TRIGGER)))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));
        }
    }

    @Test
    void theAlertLoginMeasuresEverySlotAndMonitorsReplication() throws SQLException {
        try (Connection admin = superuser();
                Connection alert = login("echodb_alert", ALERT_PASSWORD)) {
            execute(admin, "SELECT pg_create_logical_replication_slot('peerflow_slot_roles_test', 'pgoutput')");
            try {
                assertThat(first(alert, """
                        SELECT slot_name, (pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) >= 0)::text, wal_status
                        FROM pg_replication_slots WHERE database IS NULL OR database = current_database()""")).containsExactly("peerflow_slot_roles_test", "true", "reserved");
                assertThat(first(alert, "SELECT pg_has_role('pg_monitor', 'MEMBER')::text"))
                        .containsExactly("true");
                assertThatThrownBy(() -> execute(alert, "CREATE TABLE public.not_allowed (id int)"))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));
            } finally {
                execute(admin, "SELECT pg_drop_replication_slot('peerflow_slot_roles_test')");
            }
        }
    }

    @Test
    void theAlertLoginRunsItsPollStatementAndSeesTheWalSendersState() throws SQLException {
        try (Connection alert = login("echodb_alert", ALERT_PASSWORD)) {
            assertThat(first(
                            alert,
                            "SELECT count(*)::text FROM (" + pollStatement().replace("$1", "'peerdb'") + ") poll"))
                    .containsExactly("1");
            assertThat(
                            first(
                                    alert,
                                    "SELECT has_table_privilege('pg_stat_replication', 'SELECT')::text, "
                                            + "pg_has_role('pg_read_all_stats', 'USAGE')::text, current_setting('max_slot_wal_keep_size')"))
                    .containsExactly("true", "true", "-1");
        }
    }

    @Test
    void theAlertLoginCreatesAndKeepsItsStateInSchemaEchodb() throws SQLException {
        try (Connection alert = login("echodb_alert", ALERT_PASSWORD)) {
            execute(alert, Repository.read(ALERT_STATE));
            execute(alert, Repository.read(ALERT_STATE));
            execute(
                    alert,
                    "INSERT INTO echodb.alert_state VALUES ('f1', 'slot-inactive', 'firing', '{}', now()) "
                            + "ON CONFLICT (fingerprint) DO UPDATE SET state = EXCLUDED.state");
            execute(alert, "UPDATE echodb.alert_state SET state = 'pending' WHERE fingerprint = 'f1'");
            assertThat(first(alert, "SELECT state FROM echodb.alert_state WHERE fingerprint = 'f1'"))
                    .containsExactly("pending");
            execute(alert, "DELETE FROM echodb.alert_state WHERE fingerprint = 'f1'");
            assertThat(first(alert, "SELECT pg_try_advisory_lock(42)::text")).containsExactly("true");
        }
    }

    @Test
    void theListenerLoginAltersTablesAndThePublicationOnlyWithTheOwnersRights() throws SQLException {
        try (Connection admin = superuser();
                Connection listener = login("echodb_listener", LISTENER_PASSWORD)) {
            execute(admin, "CREATE ROLE app_owner NOLOGIN");
            execute(admin, "GRANT USAGE, CREATE ON SCHEMA sales TO app_owner");
            execute(admin, "CREATE TABLE sales.keyless (note text)");
            execute(admin, "ALTER TABLE sales.keyless OWNER TO app_owner");
            execute(admin, "CREATE PUBLICATION echodb_pub");
            execute(admin, "ALTER PUBLICATION echodb_pub OWNER TO app_owner");
            try {
                String alter = "ALTER TABLE sales.keyless REPLICA IDENTITY FULL";
                String add = "ALTER PUBLICATION echodb_pub ADD TABLE sales.keyless";
                assertThatThrownBy(() -> execute(listener, alter))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));
                assertThatThrownBy(() -> execute(listener, add))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));

                // SET FALSE (cannot become the owner) exists from PostgreSQL 16 on; before it, plain membership.
                execute(
                        admin,
                        postgres.version().atLeast(16)
                                ? "GRANT app_owner TO echodb_listener WITH INHERIT TRUE, SET FALSE"
                                : "GRANT app_owner TO echodb_listener");
                execute(listener, alter);
                execute(listener, add);

                assertThat(first(
                                admin, "SELECT relreplident::text FROM pg_class WHERE oid = 'sales.keyless'::regclass"))
                        .containsExactly("f");
                assertThat(first(
                                admin,
                                "SELECT count(*)::text FROM pg_publication_tables "
                                        + "WHERE pubname = 'echodb_pub' AND tablename = 'keyless'"))
                        .containsExactly("1");
            } finally {
                execute(admin, "DROP PUBLICATION echodb_pub");
                execute(admin, "DROP TABLE sales.keyless");
                execute(admin, "REVOKE app_owner FROM echodb_listener");
                execute(admin, "REVOKE ALL ON SCHEMA sales FROM app_owner");
                execute(admin, "DROP ROLE app_owner");
            }
        }
    }

    /** alert-service's poll statement for the server's major version, as the service sends it. */
    private static String pollStatement() {
        String source = Repository.read(SOURCE_QUERY);
        int start = source.indexOf("POLL = \"\"\"") + "POLL = \"\"\"".length();
        String poll = source.substring(start, source.indexOf("\"\"\";", start)).stripIndent();
        int major = postgres.version().major();
        String constant = "POLL_" + (major >= 18 ? "18" : major == 17 ? "17" : "13");
        Matcher declaration = Pattern.compile("\\b" + constant + "\\s*=\\s*POLL\\.formatted\\(")
                .matcher(source);
        assertThat(declaration.find())
                .as("%s declared in %s", constant, SOURCE_QUERY)
                .isTrue();
        int from = declaration.end();
        return poll.formatted(stringArguments(source.substring(from, source.indexOf(");", from)))
                .toArray());
    }

    /** The arguments of a call whose arguments are string literals, joined by {@code +} where split. */
    private static List<String> stringArguments(String arguments) {
        List<String> values = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '"') {
                inString = !inString;
            } else if (inString) {
                current.append(c);
            } else if (c == ',') {
                values.add(current.toString());
                current.setLength(0);
            }
        }
        values.add(current.toString());
        return values;
    }

    private static Connection superuser() throws SQLException {
        return login("postgres", "");
    }

    private static Connection login(String user, String password) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), user, password);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first row's columns as text. */
    private static List<String> first(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from: %s", sql).isTrue();
            String[] columns = new String[rows.getMetaData().getColumnCount()];
            Arrays.setAll(columns, i -> {
                try {
                    return rows.getString(i + 1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            return List.of(columns);
        }
    }
}
