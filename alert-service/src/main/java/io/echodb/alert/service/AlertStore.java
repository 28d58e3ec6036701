package io.echodb.alert.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echodb.alert.client.SourceClient;
import io.echodb.alert.client.SourceClients;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Silence;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * Alert state, silences and Slack message handles in schema {@code echodb} of the state source's database
 * ({@code echodb.alert.state.source}, default: the default datasource), created on first use from
 * {@code db/alert-state.sql}; one statement per call, whatever the number of alerts. Storage and the replicas'
 * advisory lock: docs/architecture.md §Alert state.
 */
@ApplicationScoped
@RegisterForReflection(
        targets = {Alert.class, Alert.Notice.class, Finding.class, AlertKey.class, Silence.class, Silence.Matcher.class
        })
public class AlertStore {

    /** Advisory lock key held by the replica evaluating and notifying ("echodb" + 1). */
    static final long EVALUATION_LOCK = 0x6563686F64620001L;

    /** Advisory lock key serialising schema creation ("echodb" + 2). */
    static final long SCHEMA_LOCK = 0x6563686F64620002L;

    private static final TypeReference<List<Alert>> ALERTS = new TypeReference<>() {};

    private final Pool pool;
    private final ObjectMapper json;
    private final String ddl;
    private volatile Uni<Void> schema;

    public AlertStore(AlertConfig config, SourceClients sources, ObjectMapper json) {
        String name = config.state().source().orElse(config.sourceName());
        this.pool = sources.named(name)
                .map(SourceClient::pool)
                .orElseThrow(() ->
                        new IllegalStateException("echodb.alert.state.source names no configured source: " + name));
        this.json = json;
        this.ddl = resource("db/alert-state.sql");
        this.schema = createSchema();
    }

    /**
     * Runs {@code work} on one connection while holding the evaluation lock, when no other replica holds it.
     *
     * @return the work's result, or empty when another replica holds the lock; fails when the database fails
     */
    public <T> Uni<Optional<T>> withEvaluationLock(Function<SqlConnection, Uni<T>> work) {
        return ensureSchema()
                .chain(() -> pool.withConnection(connection -> connection
                        .preparedQuery("SELECT pg_try_advisory_lock($1) AS acquired")
                        .execute(Tuple.of(EVALUATION_LOCK))
                        .map(rows -> rows.iterator().next().getBoolean("acquired"))
                        .chain(acquired -> acquired
                                ? work.apply(connection)
                                        .map(Optional::ofNullable)
                                        .eventually(() -> connection
                                                .preparedQuery("SELECT pg_advisory_unlock($1)")
                                                .execute(Tuple.of(EVALUATION_LOCK))
                                                .onFailure()
                                                .recoverWithNull())
                                : Uni.createFrom().item(Optional.<T>empty()))));
    }

    /** Every stored alert by fingerprint. */
    public Uni<Map<String, Alert>> alerts(SqlClient client) {
        return ensureSchema()
                .chain(() -> client.query("SELECT data::text AS data FROM echodb.alert_state")
                        .execute())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Map<String, Alert> alerts = new LinkedHashMap<>();
                    for (Row row : rows) {
                        Alert alert = read(row.getString("data"), Alert.class);
                        alerts.put(alert.key().fingerprint(), alert);
                    }
                    return alerts;
                });
    }

    /** Every stored alert, on the store's own pool (for the API). */
    public Uni<Map<String, Alert>> alerts() {
        return alerts(pool);
    }

    /** Inserts or replaces {@code upserts} and deletes the alerts with fingerprints {@code deletes}: two statements. */
    public Uni<Void> save(SqlClient client, Collection<Alert> upserts, Collection<String> deletes) {
        Uni<Void> write = upserts.isEmpty()
                ? Uni.createFrom().voidItem()
                : client.preparedQuery("""
                INSERT INTO echodb.alert_state (fingerprint, rule, state, data, updated_at)
                SELECT x.fingerprint, x.rule, x.state, x.data::json, now()
                  FROM json_to_recordset($1::text::json) AS x(fingerprint text, rule text, state text, data text)
                ON CONFLICT (fingerprint) DO UPDATE
                   SET rule = EXCLUDED.rule, state = EXCLUDED.state, data = EXCLUDED.data, updated_at = now()""")
                        .execute(Tuple.of(write(upserts.stream()
                                .map(alert -> Map.of(
                                        "fingerprint", alert.key().fingerprint(),
                                        "rule", alert.key().rule(),
                                        "state", alert.state().label(),
                                        "data", write(alert)))
                                .toList())))
                        .replaceWithVoid();
        Uni<Void> delete = deletes.isEmpty()
                ? Uni.createFrom().voidItem()
                : client.preparedQuery("DELETE FROM echodb.alert_state WHERE fingerprint = ANY($1::text[])")
                        .execute(Tuple.of(deletes.toArray(String[]::new)))
                        .replaceWithVoid();
        return write.chain(() -> delete);
    }

    /** Silences that have not ended at {@code now}, oldest first (some may start later). */
    public Uni<List<Silence>> silences(SqlClient client, Instant now) {
        return ensureSchema()
                .chain(() -> client.preparedQuery(
                                "SELECT data::text AS data FROM echodb.alert_silence WHERE ends_at > $1 ORDER BY created_at, id")
                        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> read(row.getString("data"), Silence.class))
                        .toList());
    }

    /** Silences that have not ended, on the store's pool. */
    public Uni<List<Silence>> silences(Instant now) {
        return silences(pool, now);
    }

    /** Stores a new silence; deletes silences that ended more than a day ago. */
    public Uni<Silence> addSilence(Silence silence) {
        return ensureSchema()
                .chain(() -> pool.withTransaction(connection -> connection
                        .preparedQuery(
                                "INSERT INTO echodb.alert_silence (id, data, ends_at, created_at) VALUES ($1, $2::text::json, $3, $4)")
                        .execute(Tuple.of(
                                silence.id(),
                                write(silence),
                                silence.endsAt().atOffset(ZoneOffset.UTC),
                                silence.createdAt().atOffset(ZoneOffset.UTC)))
                        .chain(() -> connection
                                .query("DELETE FROM echodb.alert_silence WHERE ends_at < now() - interval '1 day'")
                                .execute())))
                .replaceWith(silence);
    }

    /**
     * Ends a silence by deleting it.
     *
     * @return whether it existed
     */
    public Uni<Boolean> deleteSilence(UUID id) {
        return ensureSchema()
                .chain(() -> pool.preparedQuery("DELETE FROM echodb.alert_silence WHERE id = $1")
                        .execute(Tuple.of(id)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Records the alerts a bot-token message announced; deletes handles older than 30 days. */
    public Uni<Void> saveMessage(String channel, String ts, List<Alert> alerts) {
        return ensureSchema()
                .chain(() -> pool.withTransaction(connection -> connection
                        .preparedQuery("""
                INSERT INTO echodb.alert_message (channel, ts, data, posted_at) VALUES ($1, $2, $3::text::json, now())
                ON CONFLICT (channel, ts) DO UPDATE SET data = EXCLUDED.data""")
                        .execute(Tuple.of(channel, ts, write(alerts)))
                        .chain(() -> connection
                                .query("DELETE FROM echodb.alert_message WHERE posted_at < now() - interval '30 days'")
                                .execute())))
                .replaceWithVoid();
    }

    /** The alerts a bot-token message announced, as last saved; empty when unknown. */
    public Uni<Optional<List<Alert>>> message(String channel, String ts) {
        return ensureSchema()
                .chain(() -> pool.preparedQuery(
                                "SELECT data::text AS data FROM echodb.alert_message WHERE channel = $1 AND ts = $2")
                        .execute(Tuple.of(channel, ts)))
                .map(rows -> rows.size() == 0
                        ? Optional.<List<Alert>>empty()
                        : Optional.of(read(rows.iterator().next().getString("data"), ALERTS)));
    }

    /** Completes once the schema exists; a failed attempt is retried by the next call. */
    public Uni<Void> ensureSchema() {
        return schema;
    }

    private Uni<Void> createSchema() {
        return pool.withTransaction(connection -> connection
                        .preparedQuery("SELECT pg_advisory_xact_lock($1)")
                        .execute(Tuple.of(SCHEMA_LOCK))
                        .chain(() -> connection.query(ddl).execute()))
                .invoke(() -> Log.debug("Schema echodb of alert-service is in place"))
                .onFailure()
                .invoke(failure -> {
                    Log.warnf("Cannot create schema echodb for alert-service's state: %s", failure.getMessage());
                    schema = createSchema();
                })
                .replaceWithVoid()
                .memoize()
                .indefinitely();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Stored " + type.getSimpleName() + " is not readable: " + e.getMessage(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored alerts are not readable: " + e.getMessage(), e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = AlertStore.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
