package io.echodb.testing.peerdb;

import io.echodb.testing.ActiveFault;
import io.echodb.testing.EmulatorHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An in-memory emulation of PeerDB's flow-api HTTP/JSON gateway (the {@code :8113} listener), following
 * {@code peerdb-api.md} (PeerDB v0.37.4, grpc-gateway v2.29.0): same paths, JSON shapes, status codes and error
 * bodies, and the same asynchronous life of a mirror, with real side effects on the source PostgreSQL database
 * (publication {@code peerflow_pub_<name>}, logical slot {@code peerflow_slot_<name>}). No data is copied and
 * there is no ClickHouse: a destination peer is only a name and a type.
 *
 * <p>Served (§1.2): {@code GET /v1/version}, {@code GET /v1/peers/list}, {@code POST /v1/peers/create},
 * {@code POST /v1/mirrors/cdc/validate}, {@code POST /v1/flows/cdc/create}, {@code GET /v1/mirrors/list},
 * {@code POST /v1/mirrors/status}, {@code POST /v1/mirrors/logs}, {@code POST /v1/mirrors/state_change},
 * {@code GET /v1/peers/slots/{peer_name}} (real {@code pg_replication_slots} of the peer's database, §4.4).
 * Any other path answers 404 (code 5), a served path with another method 501 (code 12), as grpc-gateway does.
 * Test control endpoints, which PeerDB does not have, live only under {@code /_emulator/}: {@code GET
 * create-requests}, {@code GET mirrors}, {@code POST mirrors/{name}/state} ({@code {"status":"STATUS_FAILED",
 * "errorMessage":"…"}}), {@code POST reset}, {@code GET/POST/DELETE faults}, {@code DELETE faults/{id}},
 * {@code GET request-counts}.
 *
 * <p>Usage:
 * <pre>{@code
 * PeerDbEmulator peerdb = PeerDbEmulator.builder()
 *         .peer(PeerDbEmulator.Peer.postgres("postgres_main", jdbcUrl, "postgres", ""))
 *         .peer(PeerDbEmulator.Peer.clickhouse("clickhouse_analytics"))
 *         .build()
 *         .start();
 * String url = peerdb.baseUrl();   // http://127.0.0.1:<port>, paths start with /v1/
 * peerdb.stop();
 * }</pre>
 *
 * <p>Faults ({@link PeerDbFault}: latency, an error rate, 500, 503, 409, timeouts, closed connections, malformed
 * 200 bodies; per route, for N requests or a duration) are switched on with {@link #addFault(PeerDbFault)} and
 * off with {@link #clearFaults()}; {@link #down()} closes the listener so that connections are refused.
 * {@link #requestCounts()} counts requests per route. Thread-safe.
 */
public final class PeerDbEmulator implements AutoCloseable {

    /** Default wait between status changes of a mirror (SETUP → SNAPSHOT → RUNNING, PAUSING → PAUSED, …). */
    public static final Duration DEFAULT_STEP_DELAY = Duration.ofMillis(200);

    /** Default wait before a setup that cannot proceed (e.g. a table without primary key) is tried again. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(PeerDbEmulator.class);

    private final int port;
    private final PeerDbState state;
    private final MirrorWorkflows workflows;
    private final PeerDbApi api;
    private final PeerDbFaults faults;
    private final EmulatorHttpServer server = new EmulatorHttpServer("PeerDB emulator");
    private boolean stopped;

    private PeerDbEmulator(Builder builder) {
        this.port = builder.port;
        this.state = new PeerDbState(builder.peers);
        this.workflows = new MirrorWorkflows(state, builder.stepDelay, builder.retryInterval);
        this.api = new PeerDbApi(state, workflows, builder.faultSeed, this);
        this.faults = api.faults();
    }

    /** A builder with port 0 (dynamic), {@link #DEFAULT_STEP_DELAY}, {@link #DEFAULT_RETRY_INTERVAL}, no peers. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening on 127.0.0.1.
     *
     * @return this emulator
     * @throws IllegalStateException when already started, stopped before (build a new one), or the port cannot
     *     be bound
     */
    public synchronized PeerDbEmulator start() {
        if (stopped) {
            throw new IllegalStateException("a stopped PeerDB emulator cannot be restarted; build a new one");
        }
        server.start(port, api::router);
        LOG.debugf("PeerDB emulator peers: %s", state.peers());
        return this;
    }

    /** {@code http://127.0.0.1:<port>} (what {@code quarkus.rest-client.peerdb.url} should be). */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * Stops listening and stops the mirror workflows. Slots and publications stay in the source databases, as
     * they would when PeerDB stops; call {@link #reset()} first to drop the ones the emulator created.
     */
    public synchronized void stop() {
        stopped = true;
        workflows.close();
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** The peers known now (configured ones plus those created through {@code /v1/peers/create}). */
    public List<Peer> peers() {
        return state.peers();
    }

    /** Every {@code POST /v1/flows/cdc/create} received, oldest first, whatever the answer was. */
    public List<ReceivedCreateRequest> createRequests() {
        return state.createRequests();
    }

    /** The mirrors in the catalog now, in creation order. */
    public List<MirrorSnapshot> mirrors() {
        synchronized (state) {
            return state.mirrors().stream().map(Mirror::snapshot).toList();
        }
    }

    /** One mirror, if it is in the catalog. */
    public Optional<MirrorSnapshot> mirror(String name) {
        synchronized (state) {
            return state.mirror(name).map(Mirror::snapshot);
        }
    }

    /** All rows of the emulated mirror log table ({@code /v1/mirrors/logs}), oldest first. */
    public List<MirrorLogEntry> logs() {
        return state.logs();
    }

    /**
     * Forgets mirrors, create requests, logs and request counts, restores the configured peers, drops the slots
     * and publications the emulator created in source databases, and switches every fault off (listening again
     * if it was down). Same as {@code POST /_emulator/reset}.
     */
    public void reset() {
        workflows.reset();
        clearFaults();
        faults.resetCounts();
        LOG.debug("PeerDB emulator reset");
    }

    // ---- faults ------------------------------------------------------------------------------------------------

    /**
     * Switches a fault on (also {@code POST /_emulator/faults}); it acts on requests that arrive from now on.
     *
     * @return its id, for {@link #removeFault(String)}
     * @throws IllegalArgumentException when its route is not served, or a conflict is put on a route other than
     *     create and validate
     */
    public String addFault(PeerDbFault fault) {
        return faults.add(Objects.requireNonNull(fault, "fault")).id();
    }

    /** Switches one fault off; returns whether it was on (also {@code DELETE /_emulator/faults/{id}}). */
    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    /** The faults still on, oldest first, with how often they hit and how many hits remain. */
    public List<ActiveFault<PeerDbFault>> faults() {
        return faults.active();
    }

    /**
     * Back to healthy: switches every fault off, closes the connections of held (timed-out) requests and listens
     * again if {@link #down()}. Also {@code DELETE /_emulator/faults}.
     */
    public void clearFaults() {
        faults.clear();
        if (server.isStarted()) {
            server.reopenListener();
        }
    }

    /** Re-seeds the probability rolls of faults with {@link PeerDbFault#withProbability(double)}. */
    public void faultSeed(long seed) {
        faults.seed(seed);
    }

    /**
     * PeerDB down: closes the listening socket and every open connection, so that new connections are refused,
     * until {@link #up()} or {@link #clearFaults()}. Mirrors, their workflows and the source database are
     * untouched, as when only PeerDB's API process is down.
     *
     * @throws IllegalStateException when not started
     */
    public void down() {
        server.closeListener();
    }

    /**
     * As {@link #down()}, listening again by itself after {@code reopenAfter} (also
     * {@code POST /_emulator/faults {"kind":"down","durationMs":n}}).
     */
    public void down(Duration reopenAfter) {
        server.closeListener(Objects.requireNonNull(reopenAfter, "reopenAfter"));
    }

    /**
     * Listens again on the same port after {@link #down()}.
     *
     * @throws IllegalStateException when not started or when the port was taken meanwhile
     */
    public void up() {
        server.reopenListener();
    }

    /** Whether the emulator is started and {@link #down()}. */
    public boolean isDown() {
        return server.isStarted() && !server.isListening();
    }

    /**
     * Requests received per route template of peerdb-api.md §1.2 (e.g. {@code /v1/flows/cdc/create},
     * {@code /v1/peers/slots/{peer_name}}; an unknown path under its own name), whatever they were answered,
     * since start or the last {@link #reset()}. Connections refused while down are not requests. Also
     * {@code GET /_emulator/request-counts}.
     */
    public Map<String, Long> requestCounts() {
        return faults.counts();
    }

    /** Requests received for one route template (or a concrete path of it); 0 when none. */
    public long requestCount(String route) {
        return faults.count(route);
    }

    /**
     * Drives a mirror into {@code status} at once (e.g. {@code STATUS_FAILED} or {@code STATUS_PAUSED} for
     * alert tests), cancelling its pending workflow steps. Touches no database.
     *
     * @throws IllegalArgumentException when there is no such mirror
     */
    public void forceState(String mirrorName, FlowStatus status) {
        forceState(mirrorName, status, null);
    }

    /**
     * As {@link #forceState(String, FlowStatus)}, and writes {@code errorMessage} (when not null) as an
     * {@code error} row of the mirror log, where {@code /v1/mirrors/logs} shows it.
     *
     * @throws IllegalArgumentException when there is no such mirror
     */
    public void forceState(String mirrorName, FlowStatus status, String errorMessage) {
        Objects.requireNonNull(status, "status");
        if (!PeerDbApi.forceState(state, mirrorName, status, errorMessage)) {
            throw new IllegalArgumentException("no mirror named " + mirrorName);
        }
    }

    /**
     * A peer known to the emulator.
     *
     * @param name peer name, as used in {@code sourceName}/{@code destinationName}
     * @param type PeerDB peer type
     * @param jdbcUrl for {@code POSTGRES} peers: the source database the emulator checks and changes; else null
     * @param user database user (POSTGRES), else null
     * @param password database password (POSTGRES), else null; never printed
     */
    public record Peer(String name, DbType type, String jdbcUrl, String user, String password) {

        public Peer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if (type == DbType.POSTGRES) {
                Objects.requireNonNull(jdbcUrl, "jdbcUrl of a POSTGRES peer");
            }
        }

        /** A Postgres peer backed by a real database, e.g. {@code TestPostgres.jdbcUrl(db)}. */
        public static Peer postgres(String name, String jdbcUrl, String user, String password) {
            return new Peer(name, DbType.POSTGRES, jdbcUrl, user, password);
        }

        /** A ClickHouse destination peer (a name only; no ClickHouse is contacted). */
        public static Peer clickhouse(String name) {
            return new Peer(name, DbType.CLICKHOUSE, null, null, null);
        }

        Optional<SourceDatabase> database() {
            return type == DbType.POSTGRES
                    ? Optional.of(new SourceDatabase(jdbcUrl, user, password))
                    : Optional.empty();
        }

        @Override
        public String toString() {
            return name + "(" + type + (jdbcUrl == null ? "" : " " + jdbcUrl) + ")";
        }
    }

    /** Options of a {@link PeerDbEmulator}. */
    public static final class Builder {
        private int port;
        private Duration stepDelay = DEFAULT_STEP_DELAY;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private long faultSeed = 20260821L;
        private final List<Peer> peers = new ArrayList<>();

        private Builder() {}

        /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Wait between status changes of a mirror; default 200 ms. */
        public Builder stepDelay(Duration stepDelay) {
            this.stepDelay = Objects.requireNonNull(stepDelay, "stepDelay");
            return this;
        }

        /** Wait before a blocked setup is retried (PeerDB itself retries after a minute); default 1 s. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
            return this;
        }

        /** Seed of the probability rolls of faults (repeatable error rates); default a fixed value. */
        public Builder faultSeed(long faultSeed) {
            this.faultSeed = faultSeed;
            return this;
        }

        /** Adds a peer that exists from the start (and again after {@link PeerDbEmulator#reset()}). */
        public Builder peer(Peer peer) {
            peers.add(Objects.requireNonNull(peer, "peer"));
            return this;
        }

        /** Builds a stopped emulator; call {@link PeerDbEmulator#start()}. */
        public PeerDbEmulator build() {
            return new PeerDbEmulator(this);
        }
    }
}
