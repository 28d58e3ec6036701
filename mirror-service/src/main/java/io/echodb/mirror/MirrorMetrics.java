package io.echodb.mirror;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;

/**
 * Names of the meters mirror-service registers, in Micrometer's dotted form (Prometheus: dots become underscores,
 * counters end in {@code _total}, timers in {@code _seconds}), and the one place each is built, with its
 * description (Prometheus' {@code # HELP}); their tags and meaning are in docs/configuration-mirror-service.md.
 */
public final class MirrorMetrics {

    /** Counter of table events received; tags {@code type}, {@code eligible}. */
    public static final String EVENTS_RECEIVED = "echodb.table.events.received";

    /** Counter of inventories received; tag {@code source}. */
    public static final String INVENTORIES_RECEIVED = "echodb.inventory.received";

    /** Timer of one inventory's convergence; tags {@code source}, {@code outcome}. */
    public static final String CONVERGENCE = "echodb.convergence";

    /** Counter of mirror creations; tag {@code outcome}: created, already_exists, failed, rejected. */
    public static final String MIRRORS_CREATED = "echodb.mirrors.created";

    /** Counter of tables retired from their mirror; tag {@code reason} ({@code RetireReason#tag()}). */
    public static final String MIRRORS_RETIRED = "echodb.mirrors.retired";

    /** Counter of pause → add tables → resume cycles of shared mirrors; tag {@code mirror}. */
    public static final String SHARED_PAUSE_CYCLES = "echodb.shared.pause.cycles";

    /** Gauge: dead letters held, a count. */
    public static final String DEAD_LETTERS = "echodb.dead.letters";

    /** Timer of each HTTP request to PeerDB; tags {@code operation}, {@code outcome}. */
    public static final String PEERDB_REQUEST = "echodb.peerdb.request";

    /** Values of tag {@code outcome} of {@link #CONVERGENCE}. */
    public static final List<String> CONVERGENCE_OUTCOMES = List.of("success", "error", "stale");

    /** Values of tag {@code outcome} of {@link #MIRRORS_CREATED}. */
    public static final List<String> CREATION_OUTCOMES = List.of("created", "already_exists", "failed", "rejected");

    private MirrorMetrics() {}

    /** {@link #EVENTS_RECEIVED} of {@code type} (created, dropped) and {@code eligible} (null: none sent). */
    public static Counter eventsReceived(MeterRegistry meters, String type, Boolean eligible) {
        return Counter.builder(EVENTS_RECEIVED)
                .description("Table events received from listener-service, by type (created, dropped) and"
                        + " eligible (true, false, null: no verdict sent); count")
                .tags("type", type, "eligible", String.valueOf(eligible))
                .register(meters);
    }

    /** {@link #INVENTORIES_RECEIVED} of {@code source}. */
    public static Counter inventoriesReceived(MeterRegistry meters, String source) {
        return Counter.builder(INVENTORIES_RECEIVED)
                .description("Inventories received from listener-service, by source peer; count")
                .tag("source", source)
                .register(meters);
    }

    /** {@link #CONVERGENCE} of {@code source} with {@code outcome}, one of {@link #CONVERGENCE_OUTCOMES}. */
    public static Timer convergence(MeterRegistry meters, String source, String outcome) {
        return Timer.builder(CONVERGENCE)
                .description("Convergence of PeerDB's mirrors on one inventory, by source peer and outcome (success,"
                        + " error, stale); seconds")
                .tags("source", source, "outcome", outcome)
                .register(meters);
    }

    /** {@link #MIRRORS_CREATED} with {@code outcome}, one of {@link #CREATION_OUTCOMES}. */
    public static Counter mirrorsCreated(MeterRegistry meters, String outcome) {
        return Counter.builder(MIRRORS_CREATED)
                .description("Mirror creations and table additions, by outcome (created, already_exists, failed,"
                        + " rejected); count")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** {@link #MIRRORS_RETIRED} for {@code reason} (a {@code RetireReason#tag()}). */
    public static Counter mirrorsRetired(MeterRegistry meters, String reason) {
        return Counter.builder(MIRRORS_RETIRED)
                .description("Tables retired from their mirror, by reason (dropped, gone, partition, ineligible,"
                        + " replayed); count")
                .tag("reason", reason)
                .register(meters);
    }

    /** {@link #SHARED_PAUSE_CYCLES} of shared mirror {@code mirror}. */
    public static Counter sharedPauseCycles(MeterRegistry meters, String mirror) {
        return Counter.builder(SHARED_PAUSE_CYCLES)
                .description("Pause, change tables, resume cycles applied to a shared mirror, by mirror; count")
                .tag("mirror", mirror)
                .register(meters);
    }

    /** {@link #DEAD_LETTERS}, the size of {@code letters}. */
    public static Gauge deadLetters(MeterRegistry meters, Map<?, ?> letters) {
        return Gauge.builder(DEAD_LETTERS, letters, Map::size)
                .description("Dead letters held: PeerDB requests that failed for good, awaiting a retry; count")
                .register(meters);
    }

    /** {@link #PEERDB_REQUEST} of {@code operation} with {@code outcome}. */
    public static Timer peerDbRequest(MeterRegistry meters, String operation, String outcome) {
        return Timer.builder(PEERDB_REQUEST)
                .description("HTTP requests to PeerDB, by operation and outcome (success, already_exists, refused,"
                        + " not_found, error); seconds")
                .tags("operation", operation, "outcome", outcome)
                .register(meters);
    }

    /** Registers the series of {@code source} at 0 ({@link #INVENTORIES_RECEIVED}, {@link #CONVERGENCE}). */
    public static void registerSource(MeterRegistry meters, String source) {
        inventoriesReceived(meters, source);
        CONVERGENCE_OUTCOMES.forEach(outcome -> convergence(meters, source, outcome));
    }
}
