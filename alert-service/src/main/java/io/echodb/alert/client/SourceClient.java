package io.echodb.alert.client;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one source database: every poll is exactly one statement (counter {@link AlertMetrics#SOURCE_QUERIES}),
 * whatever the number of slots, chosen per connection from the server's major version; a server older than
 * {@value #MINIMUM_MAJOR_VERSION} is refused. docs/architecture.md §Source polls.
 */
public final class SourceClient {

    /** Oldest PostgreSQL major version a source may run ({@code wal_status}, {@code safe_wal_size} are 13+). */
    public static final int MINIMUM_MAJOR_VERSION = 13;

    /**
     * The one poll statement. {@code $1} is the PeerDB user (null when none is configured). Logical slots of the
     * connected database plus physical slots (they hold WAL on the same disk); slot counts cover the whole server
     * for {@code max_replication_slots}. The left join yields one row without a slot when there is none. LSNs are
     * read as text and as byte positions ({@code pg_wal_lsn_diff(lsn, '0/0')}); {@code pg_wal_lsn_diff} is strict,
     * so a slot without {@code restart_lsn} retains nothing.
     */
    static final String POLL = """
            WITH server AS (
                SELECT pg_current_wal_lsn() AS current_lsn,
                       current_setting('max_replication_slots')::int AS max_replication_slots,
                       pg_size_bytes(current_setting('max_slot_wal_keep_size')) AS max_slot_wal_keep_size,
                       (SELECT count(*) FROM pg_replication_slots)::int AS slots_in_use,
                       (SELECT count(*) FROM pg_stat_activity WHERE usename = $1)::int AS peerdb_connections,
                       %s AS idle_replication_slot_timeout
            ), slots AS (
                SELECT s.slot_name, s.plugin, s.slot_type, s.database, s.active, s.wal_status, s.restart_lsn,
                       s.confirmed_flush_lsn, s.safe_wal_size, s.xmin, s.catalog_xmin, r.state AS walsender_state,
                       %s
                  FROM pg_replication_slots s
                  LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
                 WHERE s.database IS NULL OR s.database = current_database()
            )
            SELECT pg_wal_lsn_diff(server.current_lsn, '0/0')::bigint AS current_position,
                   server.max_replication_slots, server.slots_in_use, server.peerdb_connections,
                   NULLIF(server.idle_replication_slot_timeout, 0) AS idle_replication_slot_timeout,
                   CASE WHEN server.max_slot_wal_keep_size < 0 THEN NULL
                        ELSE server.max_slot_wal_keep_size END AS max_slot_wal_keep_size,
                   slots.slot_name, slots.plugin, slots.slot_type, slots.database, slots.active, slots.wal_status,
                   slots.restart_lsn::text AS restart_lsn, slots.confirmed_flush_lsn::text AS confirmed_flush_lsn,
                   pg_wal_lsn_diff(server.current_lsn, slots.restart_lsn)::bigint AS retained_wal_bytes,
                   pg_wal_lsn_diff(server.current_lsn, slots.confirmed_flush_lsn)::bigint AS consumer_lag_bytes,
                   pg_wal_lsn_diff(slots.confirmed_flush_lsn, '0/0')::bigint AS confirmed_flush_position,
                   slots.safe_wal_size, slots.walsender_state,
                   greatest(age(slots.xmin), age(slots.catalog_xmin))::bigint AS xmin_age,
                   slots.inactive_since, slots.invalidation_reason
              FROM server LEFT JOIN slots ON true
             ORDER BY slots.slot_name""";

    /** The statement for PostgreSQL 18 and later: {@code idle_replication_slot_timeout} in seconds (0: off). */
    static final String POLL_18 = POLL.formatted(
            "(SELECT setting::bigint FROM pg_settings" + " WHERE name = 'idle_replication_slot_timeout')",
            "s.inactive_since, s.invalidation_reason");

    /** The statement for PostgreSQL 17. */
    static final String POLL_17 = POLL.formatted("NULL::bigint", "s.inactive_since, s.invalidation_reason");

    /** The statement for PostgreSQL 13 to 16. */
    static final String POLL_13 =
            POLL.formatted("NULL::bigint", "NULL::timestamptz AS inactive_since, NULL::text AS invalidation_reason");

    private final String name;
    private final Pool pool;
    private final String peerdbUser;
    private final Counter queries;

    /**
     * @param name the source's name (label {@code source})
     * @param pool its connection pool
     * @param peerdbUser the user PeerDB connects with, or {@code null}
     * @param queries the statement counter of this source
     */
    public SourceClient(String name, Pool pool, String peerdbUser, Counter queries) {
        this.name = name;
        this.pool = pool;
        this.peerdbUser = peerdbUser;
        this.queries = queries;
    }

    /** The source's name. */
    public String name() {
        return name;
    }

    /** The pool, for the state store when it lives in this source's database. */
    public Pool pool() {
        return pool;
    }

    /**
     * Reads slots, settings and connection counts in one statement.
     *
     * @return the snapshot; fails with the client's exception when the database cannot be reached or the
     *     statement fails (e.g. on a standby, where {@code pg_current_wal_lsn()} is not allowed), and with an
     *     {@link UnsupportedPostgresVersionException} (no statement sent) on a server older than 13
     */
    public Uni<SourceSnapshot> poll() {
        return pool.withConnection(connection -> {
            int major = connection.databaseMetadata().majorVersion();
            if (major < MINIMUM_MAJOR_VERSION) {
                return Uni.createFrom()
                        .failure(new UnsupportedPostgresVersionException(
                                name, connection.databaseMetadata().fullVersion()));
            }
            queries.increment();
            return statement(connection, major)
                    .execute(Tuple.tuple().addValue(peerdbUser))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(rows -> toSnapshot(rows, major));
        });
    }

    /**
     * The server's version as it reports it when a connection starts, e.g. {@code 18.2}; fails with the client's
     * exception when the database cannot be reached. Sends no statement.
     */
    public Uni<String> serverVersion() {
        return pool.withConnection(connection ->
                Uni.createFrom().item(connection.databaseMetadata().fullVersion()));
    }

    private static io.vertx.mutiny.sqlclient.PreparedQuery<RowSet<Row>> statement(SqlConnection connection, int major) {
        return connection.preparedQuery(major >= 18 ? POLL_18 : major == 17 ? POLL_17 : POLL_13);
    }

    private SourceSnapshot toSnapshot(RowSet<Row> rows, int major) {
        List<SlotSample> slots = new ArrayList<>();
        Row first = null;
        for (Row row : rows) {
            if (first == null) {
                first = row;
            }
            if (row.getString("slot_name") != null) {
                slots.add(toSample(row));
            }
        }
        if (first == null) {
            throw new IllegalStateException("the poll statement returned no row");
        }
        return new SourceSnapshot(
                name,
                Instant.now(),
                major,
                first.getLong("current_position"),
                first.getInteger("max_replication_slots"),
                first.getInteger("slots_in_use"),
                first.getLong("max_slot_wal_keep_size"),
                peerdbUser == null ? null : first.getInteger("peerdb_connections"),
                seconds(first.getLong("idle_replication_slot_timeout")),
                slots);
    }

    private static Duration seconds(Long value) {
        return value == null ? null : Duration.ofSeconds(value);
    }

    private static SlotSample toSample(Row row) {
        OffsetDateTime inactiveSince = row.getOffsetDateTime("inactive_since");
        return new SlotSample(
                row.getString("slot_name"),
                row.getString("plugin"),
                row.getString("slot_type"),
                row.getString("database"),
                Boolean.TRUE.equals(row.getBoolean("active")),
                row.getString("wal_status"),
                row.getString("restart_lsn"),
                row.getString("confirmed_flush_lsn"),
                row.getLong("retained_wal_bytes"),
                row.getLong("consumer_lag_bytes"),
                row.getLong("confirmed_flush_position"),
                row.getLong("safe_wal_size"),
                row.getString("walsender_state"),
                inactiveSince == null ? null : inactiveSince.toInstant(),
                row.getString("invalidation_reason"),
                row.getLong("xmin_age"));
    }
}
