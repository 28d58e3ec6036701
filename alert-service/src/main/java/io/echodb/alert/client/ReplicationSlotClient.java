package io.echodb.alert.client;

import io.echodb.alert.domain.SlotSample;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Reads the replication slots of the source database (the default reactive datasource,
 * {@code quarkus.datasource.reactive.url}).
 */
@ApplicationScoped
public class ReplicationSlotClient {

    /**
     * One query per poll. Logical slots of the connected database plus physical slots (they belong to no
     * database but hold WAL on the same disk). {@code pg_wal_lsn_diff} is strict, so a slot without
     * {@code restart_lsn} yields a null retained size. LSNs are read as text ({@code 0/1A2B3C8}).
     */
    static final String SLOTS_QUERY = """
            SELECT slot_name, plugin, slot_type, database, active, wal_status,
                   restart_lsn::text AS restart_lsn,
                   confirmed_flush_lsn::text AS confirmed_flush_lsn,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained_wal_bytes,
                   safe_wal_size
              FROM pg_replication_slots
             WHERE database IS NULL OR database = current_database()
             ORDER BY slot_name""";

    private final Pool pool;

    public ReplicationSlotClient(Pool pool) {
        this.pool = pool;
    }

    /**
     * The slots as they are now, ordered by name.
     *
     * @return the slots; fails with the client's exception when the database cannot be reached or the query
     *     fails (e.g. on a standby, where {@code pg_current_wal_lsn()} is not allowed)
     */
    public Uni<List<SlotSample>> fetchSlots() {
        return pool.query(SLOTS_QUERY).execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(ReplicationSlotClient::toSample)
                        .toList());
    }

    private static SlotSample toSample(Row row) {
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
                row.getLong("safe_wal_size"));
    }
}
