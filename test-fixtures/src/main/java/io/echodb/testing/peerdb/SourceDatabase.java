package io.echodb.testing.peerdb;

import static io.echodb.testing.peerdb.QualifiedTable.quoteIdentifier;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The PostgreSQL source database of a Postgres peer, reached over JDBC with the peer's credentials: the checks
 * and the side effects PeerDB performs there (flow/connectors/postgres/validate.go, client.go). Every identifier
 * written into SQL is quoted with {@link QualifiedTable#quoteIdentifier(String)}; every value is a bound
 * parameter. Each call opens and closes its own connection (autocommit).
 */
final class SourceDatabase {

    /** SQLSTATE {@code undefined_table}. */
    private static final String UNDEFINED_TABLE = "42P01";
    /** SQLSTATE {@code duplicate_object}. */
    private static final String DUPLICATE_OBJECT = "42710";
    /** SQLSTATE {@code undefined_object}. */
    private static final String UNDEFINED_OBJECT = "42704";

    private final String jdbcUrl;
    private final String user;
    private final String password;

    SourceDatabase(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The problem with the server's logical-replication settings, if any ({@code CheckReplicationPermissions}). */
    Optional<String> replicationSettingsProblem() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            if (!"logical".equals(single(statement, "SHOW wal_level"))) {
                return Optional.of("wal_level is not logical");
            }
            if (Integer.parseInt(single(statement, "SHOW max_wal_senders")) < 2) {
                return Optional.of("max_wal_senders must be at least 2");
            }
            return Optional.empty();
        }
    }

    /**
     * The tables that do not exist, found as PeerDB does: {@code SELECT * FROM <table> LIMIT 0} failing with
     * SQLSTATE 42P01 ({@code CheckSourceTables}).
     *
     * @throws SQLException for any other failure (e.g. missing privileges)
     */
    List<QualifiedTable> missingTables(List<QualifiedTable> tables) throws SQLException {
        List<QualifiedTable> missing = new ArrayList<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (QualifiedTable table : tables) {
                try {
                    statement
                            .executeQuery("SELECT * FROM " + table.quoted() + " LIMIT 0")
                            .close();
                } catch (SQLException e) {
                    if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    missing.add(table);
                }
            }
        }
        return missing;
    }

    /** Whether the publication exists, and if so whether it is {@code FOR ALL TABLES}. Empty when absent. */
    Optional<Boolean> publicationAllTables(String publication) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            query.setString(1, publication);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBoolean(1)) : Optional.empty();
            }
        }
    }

    /** The tables not published by {@code publication} (by {@code pg_publication_tables}). */
    List<QualifiedTable> tablesNotInPublication(String publication, List<QualifiedTable> tables) throws SQLException {
        List<QualifiedTable> absent = new ArrayList<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND tablename = ?")) {
            for (QualifiedTable table : tables) {
                query.setString(1, publication);
                query.setString(2, table.namespace());
                query.setString(3, table.table());
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        absent.add(table);
                    }
                }
            }
        }
        return absent;
    }

    /**
     * Checks that the peer user may create a publication on the tables ({@code
     * CheckPublicationCreationPermissions}). PeerDB creates and drops a temporary publication; the emulator
     * creates it inside a transaction it rolls back, so nothing is left behind either way.
     */
    void checkPublicationCreation(List<QualifiedTable> tables) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE PUBLICATION " + quoteIdentifier("_peerdb_tmp_test_publication_emulator")
                        + " FOR TABLE " + tableList(tables));
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * The replica identity ({@code pg_class.relreplident}: {@code d}, {@code f}, {@code i}, {@code n}) and
     * whether the table has key columns for it: a primary key for {@code d}, a replica-identity index for
     * {@code i}. Empty when the table does not exist.
     */
    Optional<ReplicaIdentity> replicaIdentity(QualifiedTable table) throws SQLException {
        String sql = """
                SELECT c.relreplident,
                       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid
                               AND CASE c.relreplident WHEN 'i' THEN i.indisreplident ELSE i.indisprimary END)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""";
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, table.namespace());
            query.setString(2, table.table());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next()
                        ? Optional.of(new ReplicaIdentity(rows.getString(1).charAt(0), rows.getBoolean(2)))
                        : Optional.empty();
            }
        }
    }

    /** Whether a publication of that name exists. */
    boolean publicationExists(String publication) throws SQLException {
        return publicationAllTables(publication).isPresent();
    }

    /**
     * {@code CREATE PUBLICATION "<name>" FOR TABLE <tables> WITH (publish_via_partition_root = true)}, as
     * PeerDB does on PostgreSQL 13 and later ({@code CreatePublication}).
     */
    void createPublication(String publication, List<QualifiedTable> tables) throws SQLException {
        execute("CREATE PUBLICATION " + quoteIdentifier(publication) + " FOR TABLE " + tableList(tables)
                + " WITH (publish_via_partition_root = true)");
    }

    /** {@code ALTER PUBLICATION … ADD TABLE …} per table; a table already in it is not an error. */
    void addToPublication(String publication, List<QualifiedTable> tables) throws SQLException {
        for (QualifiedTable table : tables) {
            executeIgnoring(
                    "ALTER PUBLICATION " + quoteIdentifier(publication) + " ADD TABLE " + table.quoted(),
                    DUPLICATE_OBJECT);
        }
    }

    /** {@code ALTER PUBLICATION … DROP TABLE …} per table; a table not in it, or gone, is not an error. */
    void dropFromPublication(String publication, List<QualifiedTable> tables) throws SQLException {
        for (QualifiedTable table : tables) {
            executeIgnoring(
                    "ALTER PUBLICATION " + quoteIdentifier(publication) + " DROP TABLE " + table.quoted(),
                    UNDEFINED_OBJECT,
                    UNDEFINED_TABLE);
        }
    }

    /** {@code DROP PUBLICATION IF EXISTS}. */
    void dropPublication(String publication) throws SQLException {
        execute("DROP PUBLICATION IF EXISTS " + quoteIdentifier(publication));
    }

    /** Whether a replication slot of that name exists (in any database of the server). */
    boolean slotExists(String slot) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** {@code pg_create_logical_replication_slot(<slot>, 'pgoutput')}. */
    void createSlot(String slot) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement create =
                        connection.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            create.setString(1, slot);
            create.execute();
        }
    }

    /** Drops the slot if it exists, as PeerDB's {@code PullFlowCleanup} does. */
    void dropSlot(String slot) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement drop = connection.prepareStatement(
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, slot);
            drop.execute();
        }
    }

    /**
     * The replication slots of this database as PeerDB's {@code getSlotInfo} reads them
     * (flow/connectors/postgres/client.go; peerdb-api.md §4.4): {@code pg_replication_slots} of
     * {@code current_database()} joined with {@code pg_stat_activity}, {@code pg_stat_replication} and, from
     * PostgreSQL 16, {@code pg_stat_replication_slots}; LSNs as text, distances in MiB rounded to whole numbers
     * against {@code pg_current_wal_lsn()} (or {@code pg_last_wal_receive_lsn()} on a standby), the redo LSN from
     * {@code pg_control_checkpoint()}. With {@code managedOnly} only slots {@code LIKE 'peerflow_slot_%'} (so
     * {@code _} matches any character, as in PeerDB) and those named in {@code customSlots}. No defined order.
     */
    List<PeerDbProtos.SlotInfo> slotInfo(boolean managedOnly, List<String> customSlots) throws SQLException {
        try (Connection connection = connect()) {
            int version = connection.getMetaData().getDatabaseMajorVersion();
            String walStatus = version >= 13 ? "prs.wal_status" : "'unknown'";
            String safeWalSize = version >= 13 ? "prs.safe_wal_size" : "NULL::bigint";
            String workMem = version >= 13 ? """
                    (SELECT (pg_size_bytes(setting || COALESCE(unit, '')) / 1024 / 1024)::bigint
                     FROM pg_settings WHERE name = 'logical_decoding_work_mem')""" : "NULL::bigint";
            String stats = version >= 16
                    ? "EXTRACT(EPOCH FROM psrs.stats_reset)::bigint, psrs.spill_txns, psrs.spill_count, psrs.spill_bytes"
                    : "NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint";
            String statsJoin = version >= 16
                    ? "LEFT JOIN pg_stat_replication_slots AS psrs ON psrs.slot_name = prs.slot_name"
                    : "";
            String filter = managedOnly ? " AND (prs.slot_name LIKE ? OR prs.slot_name = ANY (?))" : "";
            String sql = """
                    WITH current_wal AS (
                        SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                    ELSE pg_current_wal_lsn() END AS current_lsn)
                    SELECT prs.slot_name, pcc.redo_lsn::text, prs.restart_lsn::text, cw.current_lsn::text,
                           %s, %s, prs.confirmed_flush_lsn::text, psr.sent_lsn::text, prs.active,
                           round((cw.current_lsn - prs.restart_lsn) / 1024 / 1024),
                           round((prs.confirmed_flush_lsn - prs.restart_lsn) / 1024 / 1024),
                           round((cw.current_lsn - prs.confirmed_flush_lsn) / 1024 / 1024),
                           psa.wait_event_type, psa.wait_event, psa.state,
                           %s,
                           %s
                    FROM current_wal cw, pg_control_checkpoint() AS pcc,
                         (pg_replication_slots AS prs
                          LEFT JOIN pg_stat_activity AS psa ON psa.pid = prs.active_pid
                          LEFT JOIN pg_stat_replication AS psr ON psr.pid = prs.active_pid
                          %s)
                    WHERE prs.database = current_database()%s""".formatted(walStatus, safeWalSize, workMem, stats, statsJoin, filter);
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (managedOnly) {
                    query.setString(1, Mirror.SLOT_PREFIX + "%");
                    query.setArray(2, connection.createArrayOf("text", customSlots.toArray()));
                }
                List<PeerDbProtos.SlotInfo> slots = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        slots.add(new PeerDbProtos.SlotInfo(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getBoolean(9),
                                rows.getFloat(10),
                                rows.getString(7),
                                rows.getString(5),
                                rows.getString(8),
                                rows.getString(4),
                                rows.getFloat(11),
                                rows.getFloat(12),
                                rows.getString(13),
                                rows.getString(14),
                                rows.getString(15),
                                rows.getLong(16),
                                nullableLong(rows, 17),
                                nullableLong(rows, 18),
                                nullableLong(rows, 19),
                                nullableLong(rows, 20),
                                nullableLong(rows, 6)));
                    }
                }
                return slots;
            }
        }
    }

    private static Long nullableLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    /** {@code SELECT count(*)} of the table. */
    long countRows(QualifiedTable table) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            return Long.parseLong(single(statement, "SELECT count(*) FROM " + table.quoted()));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void executeIgnoring(String sql, String... ignoredStates) throws SQLException {
        try {
            execute(sql);
        } catch (SQLException e) {
            if (!List.of(ignoredStates).contains(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String tableList(List<QualifiedTable> tables) {
        return tables.stream().map(QualifiedTable::quoted).collect(Collectors.joining(", "));
    }

    /**
     * A table's replica identity.
     *
     * @param kind {@code pg_class.relreplident}
     * @param hasKeyColumns a primary key ({@code d}) or replica-identity index ({@code i}) exists
     */
    record ReplicaIdentity(char kind, boolean hasKeyColumns) {

        /** PeerDB can pull the table: key columns, or REPLICA IDENTITY FULL ({@code EnsurePullability}). */
        boolean pullable() {
            return kind == 'f' || (kind != 'n' && hasKeyColumns);
        }
    }
}
