package io.echodb.mirror.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds inventory JSON bodies (contracts.md §5) for tests, as maps RestAssured serialises. */
public final class Inventories {

    private static final AtomicLong OIDS = new AtomicLong(20_000);

    private final Instant takenAt;
    private final List<String> schemas = new ArrayList<>(List.of("public"));
    private final List<Map<String, Object>> tables = new ArrayList<>();

    private Inventories(Instant takenAt) {
        this.takenAt = takenAt;
    }

    /** An inventory of {@code postgres_main}'s schema {@code public} taken at {@code takenAt}. */
    public static Inventories takenAt(Instant takenAt) {
        return new Inventories(takenAt);
    }

    /** An inventory taken now. */
    public static Inventories now() {
        return takenAt(Instant.now());
    }

    /** Also covers {@code schema}. */
    public Inventories schema(String schema) {
        schemas.add(schema);
        return this;
    }

    /** Lists {@code public.<table>}, eligible. */
    public Inventories eligible(String... names) {
        for (String name : names) {
            tables.add(table("public", name, "ORDINARY", true, null, null));
        }
        return this;
    }

    /** Lists {@code schema.table}, eligible. */
    public Inventories eligibleIn(String schema, String table) {
        tables.add(table(schema, table, "ORDINARY", true, null, null));
        return this;
    }

    /** Lists {@code public.<table>}, ineligible for {@code reason}. */
    public Inventories ineligible(String table, String reason) {
        tables.add(table("public", table, "ORDINARY", false, reason, null));
        return this;
    }

    /** Lists {@code public.<table>} as a partition of {@code public.<parent>} (ineligible). */
    public Inventories partition(String table, String parent) {
        tables.add(table("public", table, "PARTITION", false, "partition of public." + parent, "public." + parent));
        return this;
    }

    /** Lists {@code public.<table>} as a partitioned (parent) table, eligible. */
    public Inventories partitioned(String table) {
        tables.add(table("public", table, "PARTITIONED", true, null, null));
        return this;
    }

    /** The JSON body. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "postgres_main");
        body.put("takenAt", takenAt.toString());
        body.put("schemas", schemas);
        body.put("tables", tables);
        return body;
    }

    private static Map<String, Object> table(
            String schema, String table, String kind, boolean eligible, String reason, String partitionOf) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("schema", schema);
        entry.put("table", table);
        entry.put("oid", OIDS.incrementAndGet());
        entry.put("kind", kind);
        entry.put("persistence", "PERMANENT");
        entry.put("replicaIdentity", "DEFAULT");
        entry.put("hasPrimaryKey", eligible);
        entry.put("eligible", eligible);
        entry.put("reason", reason);
        entry.put("partitionOf", partitionOf);
        return entry;
    }
}
