package io.echodb.mirror.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds TableEvent JSON bodies (contracts.md §2) for tests, as maps RestAssured serialises. */
public final class TableEvents {

    private TableEvents() {}

    /** An eligible CREATED event for {@code schema.table} of source {@code postgres_main}, observed now. */
    public static Map<String, Object> created(String schema, String table) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "CREATED");
        event.put("source", "postgres_main");
        event.put("schema", schema);
        event.put("table", table);
        event.put("oid", 16423);
        event.put("kind", "ORDINARY");
        event.put("persistence", "PERMANENT");
        event.put("replicaIdentity", "DEFAULT");
        event.put("hasPrimaryKey", true);
        event.put("eligible", true);
        event.put("reason", null);
        event.put("commandTag", "CREATE TABLE");
        event.put("observedAt", java.time.Instant.now().toString());
        return event;
    }

    /** A CREATED event the listener ruled out for {@code reason}. */
    public static Map<String, Object> ineligible(String schema, String table, String reason) {
        Map<String, Object> event = created(schema, table);
        event.put("eligible", false);
        event.put("reason", reason);
        return event;
    }

    /** A DROPPED event for {@code schema.table}, observed now, without classification fields (contracts.md §2). */
    public static Map<String, Object> dropped(String schema, String table) {
        Map<String, Object> event = created(schema, table);
        event.put("type", "DROPPED");
        event.put("commandTag", "DROP TABLE");
        List.of("kind", "persistence", "replicaIdentity", "hasPrimaryKey", "eligible", "reason")
                .forEach(event::remove);
        return event;
    }

    /** {@code event} with {@code field} set to {@code value} (or removed when {@code value} is {@code null}). */
    public static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }
}
