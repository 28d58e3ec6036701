package io.echodb.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.testing.PostgresVersion;
import io.echodb.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A source older than PostgreSQL 13 is refused at startup by the packaged listener-service and alert-service,
 * run against a real PostgreSQL 12: they exit non-zero with a message naming the minimum, and send no statement.
 */
class UnsupportedPostgresVersionTest {

    private static final String DATABASE = "app";
    private static final Duration EXITS_WITHIN = Duration.ofSeconds(90);

    private static TestPostgres postgres12;
    private static Path logs;

    @BeforeAll
    static void startPostgres12() throws IOException {
        postgres12 = TestPostgres.start(null, Map.of(), PostgresVersion.of(12));
        postgres12.execute("postgres", "CREATE DATABASE " + DATABASE);
        logs = Files.createTempDirectory("echodb-pg12-");
    }

    @AfterAll
    static void stopPostgres12() {
        if (postgres12 != null) {
            postgres12.close();
        }
    }

    @Test
    void theListenerRefusesToStartAndInstallsNothing() throws IOException {
        assertRefusesToStart(
                "listener-service",
                Map.of("ECHODB_LISTENER_INSTALL_TRIGGER", "true"),
                "The source database runs PostgreSQL 12.");

        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = 'echodb'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM pg_event_trigger")).isZero();
    }

    @Test
    void alertServiceRefusesToStartNamingTheSource() throws IOException {
        assertRefusesToStart(
                "alert-service",
                Map.of("ECHODB_ALERT_SOURCE_NAME", "legacy_pg"),
                "source legacy_pg runs PostgreSQL 12.");
    }

    private static void assertRefusesToStart(String module, Map<String, String> settings, String says)
            throws IOException {
        int exitCode = runUntilExit(module, settings);

        assertThat(exitCode).isNotZero();
        assertThat(Files.readString(logs.resolve(module + ".log")))
                .contains(says)
                .contains("EchoDB needs PostgreSQL 13 or newer");
    }

    private static int runUntilExit(String module, Map<String, String> extra) throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres12.reactiveUrl(DATABASE));
        settings.put("QUARKUS_DATASOURCE_USERNAME", TestPostgres.SUPERUSER);
        Path projectRoot = Path.of(System.getProperty("user.dir")).getParent();
        try (ServiceProcess process = ServiceProcess.start(
                projectRoot, module, LocalStack.freePort(), settings, logs.resolve(module + ".log"))) {
            return process.awaitExit(EXITS_WITHIN);
        }
    }

    private static long count(String sql) {
        try (var connection = postgres12.connect(DATABASE);
                var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
