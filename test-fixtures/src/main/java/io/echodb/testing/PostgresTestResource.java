package io.echodb.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Attaches a real PostgreSQL database to a {@code @QuarkusTest}: the JVM's shared {@link TestPostgres}
 * server, with a fresh database for each start so test classes never see each other's tables.
 *
 * <p>Returns {@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.jdbc.url},
 * {@code quarkus.datasource.username} and {@code quarkus.datasource.password}, which work for {@code @QuarkusTest}s
 * and for the packaged application of {@code @QuarkusIntegrationTest}s alike. Dev Services are a build-time
 * setting: each module turns them off in its {@code %test} profile (there is no Docker engine in CI). Tests find
 * the database through the system property {@value #DATABASE_PROPERTY} or {@link #database()}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** System property holding the name of the database the last start created. */
    public static final String DATABASE_PROPERTY = "echodb.test.database";

    private static volatile String database;

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        String created = postgres.createDatabase("echodb_test");
        database = created;
        System.setProperty(DATABASE_PROPERTY, created);
        return Map.of(
                "quarkus.datasource.reactive.url",
                postgres.reactiveUrl(created),
                "quarkus.datasource.jdbc.url",
                postgres.jdbcUrl(created),
                "quarkus.datasource.username",
                TestPostgres.SUPERUSER,
                "quarkus.datasource.password",
                "");
    }

    /** The database created by the most recent {@link #start()}. */
    public static String database() {
        return database;
    }

    @Override
    public void stop() {
        // The server is shared by the JVM and stopped at exit; the database is left for post-mortems.
    }
}
