package io.echodb.alert;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * A real logical-replication consumer of a slot of the test database (pgjdbc's replication protocol, pgoutput):
 * while it is open the slot is active; it confirms WAL only when told to ({@link #confirmEverything()}), so a test
 * can make a consumer that is connected but stuck.
 */
public final class ReplicationConsumer implements AutoCloseable {

    private final Connection connection;
    private final PGReplicationStream stream;

    private ReplicationConsumer(Connection connection, PGReplicationStream stream) {
        this.connection = connection;
        this.stream = stream;
    }

    /** Starts streaming {@code slot} (pgoutput) with publication {@code publication}. */
    public static ReplicationConsumer start(String slot, String publication) throws SQLException {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, TestPostgres.SUPERUSER);
        PGProperty.PASSWORD.set(properties, "");
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        Connection connection =
                new Driver().connect(TestPostgres.shared().jdbcUrl(PostgresTestResource.database()), properties);
        PGReplicationStream stream = connection
                .unwrap(PGConnection.class)
                .getReplicationAPI()
                .replicationStream()
                .logical()
                .withSlotName(slot)
                .withSlotOption("proto_version", "1")
                .withSlotOption("publication_names", publication)
                .withStatusInterval(1, TimeUnit.HOURS)
                .start();
        return new ReplicationConsumer(connection, stream);
    }

    /** Reads what has arrived and confirms (flushes) up to the last received position. */
    public void confirmEverything() throws SQLException {
        ByteBuffer message;
        do {
            message = stream.readPending();
        } while (message != null);
        LogSequenceNumber received = stream.getLastReceiveLSN();
        stream.setAppliedLSN(received);
        stream.setFlushedLSN(received);
        stream.forceUpdateStatus();
    }

    @Override
    public void close() throws SQLException {
        try {
            stream.close();
        } finally {
            connection.close();
        }
    }
}
