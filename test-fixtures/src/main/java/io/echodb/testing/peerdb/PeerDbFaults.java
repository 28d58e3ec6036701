package io.echodb.testing.peerdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.ActiveFault;
import io.echodb.testing.FaultSchedule;
import io.echodb.testing.FaultScope;
import io.echodb.testing.HeldRequests;
import io.echodb.testing.peerdb.PeerDbApi.Reply;
import io.echodb.testing.peerdb.PeerDbProtos.CreateCdcFlowRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The fault switches and request counters of the PeerDB routes. {@link #handle(RoutingContext)} runs first for
 * every {@code /v1/…} request: it counts the request under its route template, adds the latencies that hit it,
 * and either answers with a fault (before PeerDB handles it), or marks it so that {@link #replace} changes the
 * answer PeerDB computed. Thread-safe.
 */
final class PeerDbFaults {

    private static final Logger LOG = Logger.getLogger(PeerDbFaults.class);
    private static final String AFTER_KEY = PeerDbFaults.class.getName() + ".after";
    private static final Set<String> JSON_FIELDS =
            Set.of("kind", "route", "afterProcessing", "latencyMs", "message", "body", "holdMs");

    /** A route template of peerdb-api.md §1.2 and the paths it matches. */
    private record Route(String template, Pattern paths) {
        private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");

        static Route of(String template) {
            StringBuilder regex = new StringBuilder();
            Matcher parameter = PARAMETER.matcher(template);
            int last = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(template.substring(last, parameter.start())))
                        .append("[^/]+");
                last = parameter.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            return new Route(template, Pattern.compile(regex.toString()));
        }
    }

    private final List<Route> routes;
    private final BiConsumer<RoutingContext, Reply> writer;
    private final FaultSchedule<PeerDbFault> schedule;
    private final HeldRequests held = new HeldRequests();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /**
     * @param templates the served route templates, counted and offered to faults
     * @param writer writes an answer
     * @param seed seed of the probability rolls
     */
    PeerDbFaults(List<String> templates, BiConsumer<RoutingContext, Reply> writer, long seed) {
        this.routes = templates.stream().map(Route::of).toList();
        this.writer = writer;
        this.schedule = new FaultSchedule<>(PeerDbFault::scope, seed);
    }

    // ---- switches ---------------------------------------------------------------------------------------------

    /** @throws IllegalArgumentException when the route is not served or a conflict is put on another route */
    ActiveFault<PeerDbFault> add(PeerDbFault fault) {
        if (fault.route() != null) {
            String template = template(fault.route())
                    .orElseThrow(() -> new IllegalArgumentException("no PeerDB route " + fault.route() + "; served: "
                            + routes.stream().map(Route::template).toList()));
            if (fault.kind() == PeerDbFault.Kind.CONFLICT && !PeerDbApi.CONFLICT_ROUTES.contains(template)) {
                throw new IllegalArgumentException(
                        "PeerDB answers 409 only on " + PeerDbApi.CONFLICT_ROUTES + ", not on " + fault.route());
            }
        }
        ActiveFault<PeerDbFault> active = schedule.add(fault);
        LOG.infof("PeerDB emulator: fault %s switched on: %s", active.id(), fault);
        return active;
    }

    boolean remove(String id) {
        return schedule.remove(id);
    }

    List<ActiveFault<PeerDbFault>> active() {
        return schedule.active();
    }

    /** Switches every fault off and closes the connections of held requests. */
    void clear() {
        schedule.clear();
        held.releaseAll();
    }

    void seed(long seed) {
        schedule.seed(seed);
    }

    /** Requests received per route template (concrete path for unknown paths), sorted by route. */
    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((route, count) -> snapshot.put(route, count.sum()));
        return snapshot;
    }

    long count(String route) {
        String key = template(route).orElse(route);
        LongAdder count = counts.get(key);
        return count == null ? 0 : count.sum();
    }

    void resetCounts() {
        counts.clear();
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    /** The router handler in front of every PeerDB route. */
    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String template = template(path).orElse(path);
        counts.computeIfAbsent(template, key -> new LongAdder()).increment();
        long delay =
                schedule
                        .takeAll(fault -> fault.kind() == PeerDbFault.Kind.LATENCY && fault.appliesTo(template, path))
                        .stream()
                        .mapToLong(fault -> fault.latency().toMillis())
                        .sum();
        Optional<PeerDbFault> hit = schedule.takeFirst(
                fault -> fault.kind() != PeerDbFault.Kind.LATENCY && fault.appliesTo(template, path));
        if (delay > 0) {
            ctx.vertx().setTimer(delay, id -> proceed(ctx, template, hit));
        } else {
            proceed(ctx, template, hit);
        }
    }

    private void proceed(RoutingContext ctx, String template, Optional<PeerDbFault> hit) {
        if (hit.isEmpty()) {
            ctx.next();
        } else if (hit.get().isAfterProcessing()) {
            ctx.put(AFTER_KEY, hit.get());
            ctx.next();
        } else {
            LOG.debugf(
                    "PeerDB emulator: %s %s hit by fault %s", ctx.request().method(), ctx.normalizedPath(), hit.get());
            apply(ctx, template, hit.get(), null).ifPresent(reply -> writer.accept(ctx, reply));
        }
    }

    /**
     * The answer to write for a request PeerDB handled: {@code reply}, or what an after-processing fault makes
     * of it. Empty when the fault holds the request or closes its connection.
     */
    Optional<Reply> replace(RoutingContext ctx, Reply reply) {
        PeerDbFault fault = ctx.get(AFTER_KEY);
        if (fault == null) {
            return Optional.of(reply);
        }
        ctx.remove(AFTER_KEY);
        String path = ctx.normalizedPath();
        LOG.debugf(
                "PeerDB emulator: answer to %s %s replaced by fault %s",
                ctx.request().method(), path, fault);
        return apply(ctx, template(path).orElse(path), fault, reply);
    }

    private Optional<Reply> apply(RoutingContext ctx, String template, PeerDbFault fault, Reply real) {
        return switch (fault.kind()) {
            case INTERNAL -> Optional.of(Reply.of(new ApiError(GrpcCode.INTERNAL, fault.message())));
            case UNAVAILABLE -> Optional.of(Reply.of(new ApiError(GrpcCode.UNAVAILABLE, fault.message())));
            case CONFLICT -> Optional.of(Reply.of(conflict(ctx, template)));
            case TIMEOUT -> {
                held.hold(ctx, fault.hold());
                yield Optional.empty();
            }
            case RESET -> {
                ctx.request().connection().close();
                yield Optional.empty();
            }
            case MALFORMED ->
                Optional.of(real.status() == 200 ? new Reply(200, fault.body().apply(real.body())) : real);
            case LATENCY -> throw new IllegalStateException("latency is not an answer");
        };
    }

    /** The 409 create or validate answers for an existing name (peerdb-api.md §3.3, §3.4). */
    private static ApiError conflict(RoutingContext ctx, String template) {
        String name = "";
        try {
            CreateCdcFlowRequest request = ProtoJson.readRequest(ctx.body().asString(), CreateCdcFlowRequest.class);
            name = request.connectionConfigs() == null
                    ? ""
                    : request.connectionConfigs().flowJobName();
        } catch (RuntimeException e) {
            LOG.debugf("PeerDB emulator: conflict fault on an unreadable body (%s)", e.getMessage());
        }
        if (template.equals(PeerDbApi.VALIDATE)) {
            return new ApiError(
                    GrpcCode.ALREADY_EXISTS,
                    "mirror with name " + name + " already exists",
                    List.of(ApiError.errorInfo("MIRROR", Map.of("offendingField", "flow_job_name"))));
        }
        return new ApiError(GrpcCode.ALREADY_EXISTS, "flow already exists: " + name);
    }

    private Optional<String> template(String path) {
        return routes.stream()
                .filter(route -> route.template().equals(path)
                        || route.paths().matcher(path).matches())
                .map(Route::template)
                .findFirst();
    }

    // ---- control JSON -----------------------------------------------------------------------------------------

    /**
     * A fault from the body of {@code POST /_emulator/faults}: {@code kind} plus {@code route}, {@code times},
     * {@code durationMs}, {@code probability}, {@code afterProcessing}, {@code latencyMs} (latency),
     * {@code message} (internal, unavailable), {@code body} (malformed), {@code holdMs} (timeout).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static PeerDbFault fromJson(JsonNode json) {
        Set<String> allowed = new HashSet<>(JSON_FIELDS);
        allowed.addAll(FaultScope.JSON_FIELDS);
        FaultScope.requireKnownFields(json, allowed);
        String kind = FaultScope.optionalText(json, "kind");
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        String message = FaultScope.optionalText(json, "message");
        PeerDbFault fault = switch (PeerDbFault.Kind.fromJson(kind)) {
            case LATENCY ->
                PeerDbFault.latency(Duration.ofMillis(FaultScope.requireLong(json.get("latencyMs"), "latencyMs")));
            case INTERNAL -> message == null ? PeerDbFault.internalError() : PeerDbFault.internalError(message);
            case UNAVAILABLE -> message == null ? PeerDbFault.unavailable() : PeerDbFault.unavailable(message);
            case CONFLICT -> PeerDbFault.conflict();
            case TIMEOUT ->
                json.hasNonNull("holdMs")
                        ? PeerDbFault.timeout(Duration.ofMillis(FaultScope.requireLong(json.get("holdMs"), "holdMs")))
                        : PeerDbFault.timeout();
            case RESET -> PeerDbFault.connectionReset();
            case MALFORMED -> {
                String body = FaultScope.optionalText(json, "body");
                if (body == null) {
                    throw new IllegalArgumentException("body is required for a malformed fault");
                }
                yield PeerDbFault.malformed(PeerDbFault.MalformedBody.fromJson(body));
            }
        };
        String route = FaultScope.optionalText(json, "route");
        if (route != null) {
            fault = fault.onRoute(route);
        }
        if (json.path("afterProcessing").asBoolean(false)) {
            fault = fault.afterProcessing();
        }
        return fault.withScope(FaultScope.fromJson(json));
    }

    /** The JSON form of an active fault, as {@code GET /_emulator/faults} lists it. */
    static ObjectNode toJson(ActiveFault<PeerDbFault> active) {
        PeerDbFault fault = active.fault();
        ObjectNode json = ProtoJson.mapper().createObjectNode();
        json.put("id", active.id());
        json.put("kind", fault.kind().json());
        json.put("route", fault.route());
        json.put("afterProcessing", fault.isAfterProcessing());
        if (fault.latency() != null) {
            json.put("latencyMs", fault.latency().toMillis());
        }
        if (fault.message() != null) {
            json.put("message", fault.message());
        }
        if (fault.body() != null) {
            json.put("body", fault.body().json());
        }
        if (fault.hold() != null) {
            json.put("holdMs", fault.hold().toMillis());
        }
        fault.scope().writeJson(json, active);
        return json;
    }
}
