package io.echodb.listener.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.spi.DatabaseMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a source older than PostgreSQL {@value #MINIMUM_MAJOR_VERSION} (docs/postgres-versions.md), from the
 * version the server reports when a connection starts; sends no statement.
 */
@ApplicationScoped
public class PostgresVersionCheck {

    /** Oldest supported major version: {@code publish_via_partition_root} and {@code pg_current_xact_id()} are 13+. */
    public static final int MINIMUM_MAJOR_VERSION = 13;

    private final Pool pool;

    public PostgresVersionCheck(Pool pool) {
        this.pool = pool;
    }

    /**
     * Checks the server behind the pool.
     *
     * @return the server's version (e.g. {@code 18.2}); fails with {@link UnsupportedPostgresVersionException} on an
     *     older server, with the client's exception when the database cannot be reached
     */
    public Uni<String> check() {
        return pool.withConnection(connection -> Uni.createFrom().item(() -> verify(connection.databaseMetadata())));
    }

    /**
     * Checks the server of one open connection.
     *
     * @return its version; throws {@link UnsupportedPostgresVersionException} when it is older than 13
     */
    public static String verify(DatabaseMetadata server) {
        if (server.majorVersion() < MINIMUM_MAJOR_VERSION) {
            throw new UnsupportedPostgresVersionException(server.fullVersion());
        }
        return server.fullVersion();
    }

    /** The source runs a PostgreSQL older than {@value #MINIMUM_MAJOR_VERSION}: the listener stops. */
    public static final class UnsupportedPostgresVersionException extends RuntimeException {

        UnsupportedPostgresVersionException(String serverVersion) {
            super("The source database runs PostgreSQL " + serverVersion + "; EchoDB needs PostgreSQL "
                    + MINIMUM_MAJOR_VERSION + " or newer (docs/postgres-versions.md)");
        }
    }
}
