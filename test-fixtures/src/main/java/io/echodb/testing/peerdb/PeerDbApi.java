package io.echodb.testing.peerdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.ActiveFault;
import io.echodb.testing.FaultScope;
import io.echodb.testing.peerdb.PeerDbEmulator.Peer;
import io.echodb.testing.peerdb.PeerDbProtos.CdcMirrorStatus;
import io.echodb.testing.peerdb.PeerDbProtos.CreateCdcFlowRequest;
import io.echodb.testing.peerdb.PeerDbProtos.CreateCdcFlowResponse;
import io.echodb.testing.peerdb.PeerDbProtos.CreatePeerRequest;
import io.echodb.testing.peerdb.PeerDbProtos.CreatePeerResponse;
import io.echodb.testing.peerdb.PeerDbProtos.CreatePeerStatus;
import io.echodb.testing.peerdb.PeerDbProtos.FlowConnectionConfigs;
import io.echodb.testing.peerdb.PeerDbProtos.FlowStateChangeRequest;
import io.echodb.testing.peerdb.PeerDbProtos.ListMirrorLogsRequest;
import io.echodb.testing.peerdb.PeerDbProtos.ListMirrorLogsResponse;
import io.echodb.testing.peerdb.PeerDbProtos.ListMirrorsItem;
import io.echodb.testing.peerdb.PeerDbProtos.ListMirrorsResponse;
import io.echodb.testing.peerdb.PeerDbProtos.ListPeersResponse;
import io.echodb.testing.peerdb.PeerDbProtos.MirrorLog;
import io.echodb.testing.peerdb.PeerDbProtos.MirrorStatusRequest;
import io.echodb.testing.peerdb.PeerDbProtos.MirrorStatusResponse;
import io.echodb.testing.peerdb.PeerDbProtos.PeerListItem;
import io.echodb.testing.peerdb.PeerDbProtos.PeerMessage;
import io.echodb.testing.peerdb.PeerDbProtos.PeerSlotResponse;
import io.echodb.testing.peerdb.PeerDbProtos.SnapshotStatus;
import io.echodb.testing.peerdb.PeerDbProtos.VersionResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The HTTP side of the emulator: flow-api's grpc-gateway routes (peerdb-api.md §1.2) and the test control
 * endpoints under {@code /_emulator/}. Every {@code /v1/} request passes {@link PeerDbFaults#handle} first.
 * Handlers run on Vert.x worker threads (they may use JDBC) and compute a {@link Reply} that is sent in one
 * place, {@link #send(RoutingContext, Reply)}, where after-processing faults may replace it.
 */
final class PeerDbApi {

    /** Milliseconds between the answer to {@code {"kind":"down"}} and the listener closing. */
    private static final long DOWN_GRACE_MS = 100;

    static final String VERSION_ROUTE = "/v1/version";
    static final String LIST_PEERS = "/v1/peers/list";
    static final String CREATE_PEER = "/v1/peers/create";
    static final String VALIDATE = "/v1/mirrors/cdc/validate";
    static final String CREATE = "/v1/flows/cdc/create";
    static final String LIST_MIRRORS = "/v1/mirrors/list";
    static final String STATUS = "/v1/mirrors/status";
    static final String LOGS = "/v1/mirrors/logs";
    static final String STATE_CHANGE = "/v1/mirrors/state_change";
    static final String SLOTS = "/v1/peers/slots/{peer_name}";

    /** Every served PeerDB route template, as peerdb-api.md §1.2 writes it. */
    static final List<String> ROUTES = List.of(
            VERSION_ROUTE, LIST_PEERS, CREATE_PEER, VALIDATE, CREATE, LIST_MIRRORS, STATUS, LOGS, STATE_CHANGE, SLOTS);

    /** The routes that answer 409 AlreadyExists (§3.3, §3.4). */
    static final Set<String> CONFLICT_ROUTES = Set.of(CREATE, VALIDATE);

    /** {@code GET /v1/version} answer; the emulated release is v0.37.4 (peerdb-api.md, header). */
    static final String VERSION = "v0.37.4-emulator";

    /** Internal config version the server writes into {@code FlowConnectionConfigs.version}. */
    static final long INTERNAL_VERSION = 11;

    private static final Logger LOG = Logger.getLogger(PeerDbApi.class);
    private static final String APPLICATION_JSON = "application/json";
    private static final Set<DbType> SOURCE_TYPES =
            Set.of(DbType.POSTGRES, DbType.MYSQL, DbType.MONGO, DbType.BIGQUERY);
    private static final Set<DbType> NON_DESTINATION_TYPES = Set.of(DbType.MYSQL, DbType.MONGO);
    private static final Map<String, Object> EMPTY = Collections.emptyMap();

    private final PeerDbState state;
    private final MirrorWorkflows workflows;
    private final MirrorValidator validator;
    private final PeerDbFaults faults;
    private final PeerDbEmulator emulator;

    PeerDbApi(PeerDbState state, MirrorWorkflows workflows, long faultSeed, PeerDbEmulator emulator) {
        this.state = state;
        this.workflows = workflows;
        this.validator = new MirrorValidator(state);
        this.faults = new PeerDbFaults(ROUTES, PeerDbApi::write, faultSeed);
        this.emulator = emulator;
    }

    PeerDbFaults faults() {
        return faults;
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        router.route("/v1/*").handler(faults::handle);
        get(router, VERSION_ROUTE, ctx -> new VersionResponse(VERSION));
        get(router, LIST_PEERS, ctx -> listPeers());
        post(router, CREATE_PEER, ctx -> createPeer(read(ctx, CreatePeerRequest.class)));
        post(router, VALIDATE, ctx -> validate(read(ctx, CreateCdcFlowRequest.class)));
        post(router, CREATE, this::createFlow);
        get(router, LIST_MIRRORS, ctx -> listMirrors());
        post(router, STATUS, ctx -> status(read(ctx, MirrorStatusRequest.class)));
        post(router, LOGS, ctx -> logs(read(ctx, ListMirrorLogsRequest.class)));
        post(router, STATE_CHANGE, ctx -> stateChange(read(ctx, FlowStateChangeRequest.class)));
        get(router, SLOTS, this::slots);

        get(router, "/_emulator/create-requests", ctx -> state.createRequests());
        get(
                router,
                "/_emulator/mirrors",
                ctx -> state.mirrors().stream().map(this::snapshot).toList());
        post(router, "/_emulator/mirrors/{name}/state", this::forceState);
        router.post("/_emulator/reset")
                .blockingHandler(
                        ctx -> {
                            emulator.reset();
                            ctx.response().setStatusCode(204).end();
                        },
                        false);
        get(router, "/_emulator/faults", ctx -> listFaults());
        router.post("/_emulator/faults").blockingHandler(this::addFault, false);
        router.delete("/_emulator/faults")
                .blockingHandler(
                        ctx -> {
                            emulator.clearFaults();
                            ctx.response().setStatusCode(204).end();
                        },
                        false);
        router.delete("/_emulator/faults/:id")
                .blockingHandler(
                        ctx -> {
                            if (faults.remove(ctx.pathParam("id"))) {
                                ctx.response().setStatusCode(204).end();
                            } else {
                                write(
                                        ctx,
                                        Reply.of(new ApiError(GrpcCode.NOT_FOUND, "no fault " + ctx.pathParam("id"))));
                            }
                        },
                        false);
        get(router, "/_emulator/request-counts", ctx -> faults.counts());

        // grpc-gateway's DefaultRoutingErrorHandler (peerdb-api.md §1.2)
        router.errorHandler(404, ctx -> send(ctx, Reply.of(new ApiError(GrpcCode.NOT_FOUND, "Not Found"))));
        router.errorHandler(
                405, ctx -> send(ctx, Reply.of(new ApiError(GrpcCode.UNIMPLEMENTED, "Method Not Allowed"))));
        return router;
    }

    /** Registers a GET route; {@code template} uses {@code {param}} as peerdb-api.md writes it. */
    private void get(Router router, String template, Function<RoutingContext, Object> handler) {
        router.get(vertxPath(template)).blockingHandler(ctx -> send(ctx, answer(ctx, handler)), false);
    }

    private void post(Router router, String template, Function<RoutingContext, Object> handler) {
        router.post(vertxPath(template)).blockingHandler(ctx -> send(ctx, answer(ctx, handler)), false);
    }

    private static String vertxPath(String template) {
        return template.replaceAll("\\{([^/}]+)}", ":$1");
    }

    private static Reply answer(RoutingContext ctx, Function<RoutingContext, Object> handler) {
        try {
            return Reply.ok(handler.apply(ctx));
        } catch (ApiError e) {
            LOG.debugf(
                    "PeerDB emulator: %s %s -> %s %s",
                    ctx.request().method(), ctx.normalizedPath(), e.code(), e.getMessage());
            return Reply.of(e);
        } catch (RuntimeException e) {
            LOG.warnf(e, "PeerDB emulator: %s %s failed", ctx.request().method(), ctx.normalizedPath());
            return Reply.of(new ApiError(GrpcCode.INTERNAL, String.valueOf(e.getMessage())));
        }
    }

    /** The one place an answer is sent; an after-processing fault may replace it, hold it or drop it. */
    private void send(RoutingContext ctx, Reply reply) {
        faults.replace(ctx, reply).ifPresent(answer -> write(ctx, answer));
    }

    private static void write(RoutingContext ctx, Reply reply) {
        ctx.response()
                .setStatusCode(reply.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(reply.body());
    }

    private static <T> T read(RoutingContext ctx, Class<T> type) {
        return ProtoJson.readRequest(ctx.body().asString(), type);
    }

    // ---- peers -------------------------------------------------------------------------------------------

    private ListPeersResponse listPeers() {
        List<PeerListItem> items = state.peers().stream()
                .map(p -> new PeerListItem(p.name(), p.type()))
                .toList();
        return new ListPeersResponse(
                items,
                items.stream()
                        .filter(item -> SOURCE_TYPES.contains(item.type()))
                        .toList(),
                items.stream()
                        .filter(item -> !NON_DESTINATION_TYPES.contains(item.type()))
                        .toList());
    }

    /** {@code CreatePeer} (peerdb-api.md §11): validate, then insert; an existing name is kept unless allowUpdate. */
    private CreatePeerResponse createPeer(CreatePeerRequest request) {
        PeerMessage message = request.peer();
        if (message == null) {
            throw new ApiError(GrpcCode.FAILED_PRECONDITION, "no peer provided");
        }
        if (message.name().isEmpty()) {
            throw new ApiError(GrpcCode.FAILED_PRECONDITION, "no peer name provided");
        }
        Peer peer = toPeer(message);
        if (!request.disableValidation()) {
            validatePeer(peer);
        }
        boolean stored = state.putPeer(peer, request.allowUpdate());
        LOG.debugf("PeerDB emulator: peer %s (%s) %s", peer.name(), peer.type(), stored ? "stored" : "kept as it was");
        return new CreatePeerResponse(CreatePeerStatus.CREATED, "");
    }

    private static Peer toPeer(PeerMessage message) {
        String invalid = message.type() + " peer " + message.name() + " was invalidated: ";
        return switch (message.type()) {
            case POSTGRES -> {
                if (message.postgresConfig() == null) {
                    throw new ApiError(GrpcCode.FAILED_PRECONDITION, invalid + "no postgres config provided");
                }
                var config = message.postgresConfig();
                String url = "jdbc:postgresql://" + config.host() + ":" + (config.port() == 0 ? 5432 : config.port())
                        + "/" + config.database();
                yield Peer.postgres(message.name(), url, config.user(), config.password());
            }
            case CLICKHOUSE -> {
                if (message.clickhouseConfig() == null) {
                    throw new ApiError(GrpcCode.FAILED_PRECONDITION, invalid + "no clickhouse config provided");
                }
                yield Peer.clickhouse(message.name());
            }
            default -> new Peer(message.name(), message.type(), null, null, null);
        };
    }

    /** Postgres peers are validated by connecting; the emulator cannot validate other peer types. */
    private static void validatePeer(Peer peer) {
        if (peer.type() != DbType.POSTGRES) {
            return;
        }
        try (var connection = DriverManager.getConnection(peer.jdbcUrl(), peer.user(), peer.password())) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new ApiError(
                    GrpcCode.FAILED_PRECONDITION,
                    peer.type() + " peer " + peer.name() + " was invalidated: " + e.getMessage());
        }
    }

    // ---- mirrors: validate and create ----------------------------------------------------------------------

    private Object validate(CreateCdcFlowRequest request) {
        if (request.connectionConfigs() == null) {
            throw new ApiError(GrpcCode.INVALID_ARGUMENT, "connection configs is nil");
        }
        validator.validate(request.connectionConfigs(), true);
        return EMPTY;
    }

    /** {@code CreateCDCFlow} in the order of peerdb-api.md §3.3. */
    private Object createFlow(RoutingContext ctx) {
        String body = ctx.body().asString();
        state.recordCreateRequest(new ReceivedCreateRequest(body, parseOrNull(body), Instant.now(), System.nanoTime()));
        CreateCdcFlowRequest request = ProtoJson.readRequest(body, CreateCdcFlowRequest.class);
        FlowConnectionConfigs requested = request.connectionConfigs();
        if (requested == null) {
            throw new ApiError(GrpcCode.INVALID_ARGUMENT, "connection configs is nil");
        }
        if (state.peer(requested.destinationName()).isEmpty()) {
            throw new ApiError(
                    GrpcCode.INTERNAL,
                    "failed to determine destination flags: peers not found: [" + requested.destinationName() + "]");
        }
        FlowConnectionConfigs config = ProtoJson.with(requested, tree -> {
            tree.put("version", INTERNAL_VERSION);
            tree.putArray("flags");
        });
        String name = config.flowJobName();
        CreateCdcFlowResponse created = new CreateCdcFlowResponse(name + "-peerflow");
        Optional<Mirror> existing = state.mirror(name);
        if (existing.isPresent()) {
            if (!request.attachToExisting()) {
                throw new ApiError(GrpcCode.ALREADY_EXISTS, "flow already exists: " + name);
            }
            if (status(existing.get()) != FlowStatus.STATUS_COMPLETED) {
                return created;
            }
        }
        if (!Boolean.TRUE.equals(config.skipValidation())) {
            try {
                validator.validate(config, false);
            } catch (ApiError e) {
                throw e.wrappedAsInvalidMirror();
            }
        }
        startWorkflow(config, existing);
        return created;
    }

    /** Inserts the row (a concurrent insert of the same name wins silently) and starts the workflow. */
    private void startWorkflow(FlowConnectionConfigs config, Optional<Mirror> ended) {
        Mirror mirror;
        synchronized (state) {
            Optional<Mirror> current = state.mirror(config.flowJobName());
            if (current.isPresent() && (ended.isEmpty() || current.get() != ended.get())) {
                return;
            }
            if (ended.isPresent()) {
                mirror = ended.get();
                mirror.epoch++;
                mirror.config = config;
                mirror.status = FlowStatus.STATUS_SETUP;
            } else {
                mirror = state.addMirror(config);
            }
        }
        LOG.infof(
                "PeerDB emulator: mirror %s created (%d tables from %s)",
                mirror.name, config.tableMappings().size(), config.sourceName());
        workflows.start(mirror);
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return body == null ? null : ProtoJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    // ---- mirrors: list, status, logs -----------------------------------------------------------------------

    private ListMirrorsResponse listMirrors() {
        List<ListMirrorsItem> items = new ArrayList<>();
        synchronized (state) {
            for (Mirror mirror : state.mirrors()) {
                FlowConnectionConfigs config = mirror.config;
                items.add(new ListMirrorsItem(
                        mirror.id,
                        mirror.name + "-peerflow",
                        mirror.name,
                        config.sourceName(),
                        peerType(config.sourceName()),
                        config.destinationName(),
                        peerType(config.destinationName()),
                        mirror.createdAt.toEpochMilli(),
                        true,
                        mirror.status));
            }
        }
        return new ListMirrorsResponse(items);
    }

    private MirrorStatusResponse status(MirrorStatusRequest request) {
        Mirror mirror = mirrorOr404(request.flowJobName());
        synchronized (state) {
            CdcMirrorStatus cdcStatus = null;
            if (request.includeFlowInfo()) {
                FlowConnectionConfigs config = mirror.config;
                cdcStatus = new CdcMirrorStatus(
                        config,
                        request.excludeSnapshotStatus() ? null : new SnapshotStatus(mirror.clones),
                        List.of(),
                        peerType(config.sourceName()),
                        peerType(config.destinationName()),
                        0);
            }
            return new MirrorStatusResponse(mirror.name, cdcStatus, mirror.status, mirror.createdAt);
        }
    }

    /** {@code ListMirrorLogs}: the query of flow/cmd/handler.go over the emulated flow_errors rows. */
    private ListMirrorLogsResponse logs(ListMirrorLogsRequest request) {
        if (request.numPerPage() < 0) {
            throw new ApiError(GrpcCode.INTERNAL, "ERROR: LIMIT must not be negative (SQLSTATE 2201W)");
        }
        long offset = request.page() == 0 ? 0 : (long) (request.page() - 1) * request.numPerPage();
        if (offset < 0) {
            throw new ApiError(GrpcCode.INTERNAL, "ERROR: OFFSET must not be negative (SQLSTATE 2201X)");
        }
        List<MirrorLogEntry> matching = state.logs().stream()
                .filter(entry ->
                        request.flowJobName().isEmpty() || entry.flowName().contains(request.flowJobName()))
                .filter(entry -> request.level().isEmpty()
                        || request.level().equals("all")
                        || entry.level().equals(request.level()))
                .toList();
        List<MirrorLogEntry> candidates = new ArrayList<>(matching);
        boolean ascending = false;
        if (request.beforeId() != 0 || request.afterId() != 0) {
            if (request.beforeId() != -1) {
                candidates.removeIf(entry -> entry.id() >= request.beforeId());
            } else if (request.afterId() != -1) {
                candidates.removeIf(entry -> entry.id() <= request.afterId());
                ascending = true;
            }
        }
        if (!ascending) {
            Collections.reverse(candidates);
        }
        List<MirrorLogEntry> page = new ArrayList<>(
                candidates.stream().skip(offset).limit(request.numPerPage()).toList());
        if (ascending) {
            Collections.reverse(page);
        }
        int total = matching.size();
        int rowsBehind = page.isEmpty()
                ? 0
                : (int) matching.stream().filter(e -> e.id() > page.get(0).id()).count();
        int pageNumber = request.page();
        if (pageNumber == 0 && request.numPerPage() != 0) {
            pageNumber = rowsBehind / request.numPerPage() + 1;
        }
        List<MirrorLog> errors = page.stream()
                .map(entry -> new MirrorLog(
                        entry.flowName(),
                        entry.message(),
                        entry.level(),
                        entry.timestamp().toEpochMilli(),
                        entry.id()))
                .toList();
        return new ListMirrorLogsResponse(errors, total, pageNumber);
    }

    // ---- mirrors: state change -----------------------------------------------------------------------------

    /** {@code FlowStateChange} (peerdb-api.md §6). */
    private Object stateChange(FlowStateChangeRequest request) {
        Mirror mirror = mirrorOr404(request.flowJobName());
        FlowStatus current = status(mirror);
        if (request.flowConfigUpdate() != null && request.flowConfigUpdate().cdcFlowConfigUpdate() != null) {
            workflows.signalUpdate(mirror, request.flowConfigUpdate().cdcFlowConfigUpdate());
        }
        FlowStatus requested = request.requestedFlowState();
        if (requested == current) {
            return EMPTY;
        }
        switch (requested) {
            case STATUS_PAUSED -> {
                if (current == FlowStatus.STATUS_RUNNING) {
                    state.log(mirror.name, "info", "Mirror pause signaled");
                    workflows.pause(mirror);
                }
            }
            case STATUS_RUNNING -> {
                if (current == FlowStatus.STATUS_PAUSED) {
                    workflows.resume(mirror);
                }
            }
            case STATUS_TERMINATING, STATUS_TERMINATED -> {
                if (current == FlowStatus.STATUS_FAILED || current == FlowStatus.STATUS_COMPLETED) {
                    workflows.terminateNow(mirror);
                } else if (current != FlowStatus.STATUS_TERMINATING) {
                    workflows.terminate(mirror);
                }
            }
            case STATUS_RESYNC ->
                throw new ApiError(GrpcCode.UNIMPLEMENTED, "STATUS_RESYNC is not supported by the PeerDB emulator");
            default ->
                throw new ApiError(
                        GrpcCode.INVALID_ARGUMENT,
                        "illegal state change requested: " + requested + ", current state is: " + current);
        }
        return EMPTY;
    }

    // ---- peers: replication slots ----------------------------------------------------------------------------

    /**
     * {@code GetSlotInfo} (peerdb-api.md §4.4; flow/cmd/peer_data.go, flow/connectors/postgres/client.go
     * {@code getSlotInfo}): the slots of the peer's database from {@code pg_replication_slots}; with
     * {@code peerdb_managed_only=true} only {@code peerflow_slot_%} and the custom slot names of this peer's
     * mirrors. Failures are FailedPrecondition (400).
     */
    private PeerSlotResponse slots(RoutingContext ctx) {
        String peerName = ctx.pathParam("peer_name");
        boolean managedOnly = queryBool(ctx, "peerdb_managed_only");
        Peer peer = state.peer(peerName)
                .orElseThrow(() -> new ApiError(
                        GrpcCode.FAILED_PRECONDITION,
                        "failed to get postgres connector: peers not found: [" + peerName + "]"));
        SourceDatabase database = peer.database()
                .orElseThrow(() -> new ApiError(
                        GrpcCode.FAILED_PRECONDITION,
                        "failed to get postgres connector: peer " + peerName + " is not a POSTGRES peer"));
        List<String> customSlots = managedOnly ? customSlotNames(peerName) : List.of();
        try {
            return new PeerSlotResponse(database.slotInfo(managedOnly, customSlots));
        } catch (SQLException e) {
            throw new ApiError(
                    GrpcCode.FAILED_PRECONDITION,
                    "failed to get slot info: failed to read information for slots: " + e.getMessage());
        }
    }

    /** The custom slot names of the mirrors reading from {@code peerName} ({@code getCustomSlotNamesForPeer}). */
    private List<String> customSlotNames(String peerName) {
        synchronized (state) {
            return state.mirrors().stream()
                    .map(mirror -> mirror.config)
                    .filter(config -> config.sourceName().equals(peerName))
                    .map(FlowConnectionConfigs::replicationSlotName)
                    .filter(slot -> !slot.isEmpty() && !slot.startsWith(Mirror.SLOT_PREFIX))
                    .toList();
        }
    }

    /**
     * A boolean query parameter as grpc-gateway reads it: snake_case or lowerCamel name, Go's
     * {@code strconv.ParseBool} values; anything else is InvalidArgument (400).
     */
    private static boolean queryBool(RoutingContext ctx, String snakeName) {
        String value = ctx.queryParams().get(snakeName);
        if (value == null) {
            value = ctx.queryParams().get(ProtoJson.jsonName(snakeName));
        }
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default ->
                throw new ApiError(
                        GrpcCode.INVALID_ARGUMENT,
                        "parsing field \"" + snakeName + "\": strconv.ParseBool: parsing \"" + value
                                + "\": invalid syntax");
        };
    }

    // ---- control ---------------------------------------------------------------------------------------------

    private ObjectNode listFaults() {
        ObjectNode answer = ProtoJson.mapper().createObjectNode();
        answer.put("down", emulator.isDown());
        var list = answer.putArray("faults");
        faults.active().forEach(active -> list.add(PeerDbFaults.toJson(active)));
        return answer;
    }

    /**
     * {@code POST /_emulator/faults}: a fault (201 with its listing), or {@code {"kind":"down","durationMs":n}}
     * (202; the listener closes once the answer is out and reopens after n ms). Bad input → 400 code 3.
     */
    private void addFault(RoutingContext ctx) {
        try {
            JsonNode json = ProtoJson.mapper()
                    .readTree(ctx.body().asString() == null ? "" : ctx.body().asString());
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            if ("down".equals(json.path("kind").asText())) {
                FaultScope.requireKnownFields(json, Set.of("kind", "durationMs"));
                long millis = FaultScope.requireLong(json.get("durationMs"), "durationMs");
                if (millis <= 0) {
                    throw new IllegalArgumentException(
                            "durationMs must be positive: over HTTP nothing could bring the emulator up again");
                }
                ObjectNode answer =
                        ProtoJson.mapper().createObjectNode().put("down", true).put("durationMs", millis);
                ctx.response()
                        .setStatusCode(202)
                        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                        .end(answer.toString())
                        // A short grace after the answer is out, so that the client has read it before its
                        // connection is closed: closing a socket with unread input resets it, and a reset can
                        // discard an answer the client had not read yet.
                        .onComplete(sent -> ctx.vertx()
                                .setTimer(
                                        DOWN_GRACE_MS,
                                        timer -> ctx.vertx()
                                                .executeBlocking(
                                                        () -> {
                                                            emulator.down(Duration.ofMillis(millis));
                                                            return null;
                                                        },
                                                        false)));
                return;
            }
            ActiveFault<PeerDbFault> active = faults.add(PeerDbFaults.fromJson(json));
            write(ctx, new Reply(201, PeerDbFaults.toJson(active).toString()));
        } catch (JsonProcessingException e) {
            write(ctx, Reply.of(new ApiError(GrpcCode.INVALID_ARGUMENT, "not JSON: " + e.getOriginalMessage())));
        } catch (IllegalArgumentException e) {
            write(ctx, Reply.of(new ApiError(GrpcCode.INVALID_ARGUMENT, e.getMessage())));
        }
    }

    /** Body of {@code POST /_emulator/mirrors/{name}/state}. */
    record ForceStateRequest(FlowStatus status, String errorMessage) {}

    private Object forceState(RoutingContext ctx) {
        ForceStateRequest request = read(ctx, ForceStateRequest.class);
        String name = ctx.pathParam("name");
        if (request.status() == null) {
            throw new ApiError(GrpcCode.INVALID_ARGUMENT, "status is required");
        }
        if (!forceState(state, name, request.status(), request.errorMessage())) {
            throw new ApiError(GrpcCode.NOT_FOUND, "flow " + name + " not found");
        }
        return snapshot(mirrorOr404(name));
    }

    /** Drives a mirror into {@code status} at once, cancelling its pending workflow steps. */
    static boolean forceState(PeerDbState state, String name, FlowStatus status, String errorMessage) {
        synchronized (state) {
            Optional<Mirror> mirror = state.mirror(name);
            if (mirror.isEmpty()) {
                return false;
            }
            mirror.get().epoch++;
            mirror.get().status = status;
            if (errorMessage != null && !errorMessage.isBlank()) {
                state.log(name, "error", errorMessage);
            }
            return true;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Mirror mirrorOr404(String name) {
        return state.mirror(name).orElseThrow(() -> new ApiError(GrpcCode.NOT_FOUND, "flow " + name + " not found"));
    }

    private FlowStatus status(Mirror mirror) {
        synchronized (state) {
            return mirror.status;
        }
    }

    private MirrorSnapshot snapshot(Mirror mirror) {
        synchronized (state) {
            return mirror.snapshot();
        }
    }

    private DbType peerType(String name) {
        return state.peer(name).map(Peer::type).orElse(DbType.BIGQUERY);
    }

    /** An HTTP answer: status and JSON body. */
    record Reply(int status, String body) {
        static Reply ok(Object message) {
            return new Reply(200, ProtoJson.write(message));
        }

        static Reply of(ApiError error) {
            return new Reply(error.code().httpStatus(), ProtoJson.write(error.body()));
        }
    }
}
