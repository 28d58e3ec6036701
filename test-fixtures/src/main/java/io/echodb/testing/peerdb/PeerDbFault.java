package io.echodb.testing.peerdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.echodb.testing.FaultScope;
import io.echodb.testing.ScopedFault;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fault the {@link PeerDbEmulator} injects into its PeerDB routes ({@code /v1/…}), switched on with
 * {@link PeerDbEmulator#addFault(PeerDbFault)} or {@code POST /_emulator/faults}. Every fault answers only what
 * the real flow-api behind grpc-gateway could answer (a status with a {@code {"code","message","details"}}
 * body, peerdb-api.md §2), or fails at the transport level (no answer, a closed connection).
 *
 * <p>Immutable; the fluent methods return changed copies:
 * <pre>{@code
 * peerdb.addFault(PeerDbFault.internalError().onRoute("/v1/flows/cdc/create").times(1));
 * peerdb.addFault(PeerDbFault.unavailable().forDuration(Duration.ofSeconds(10)));
 * peerdb.addFault(PeerDbFault.latency(Duration.ofMillis(300)).withProbability(0.5));
 * peerdb.addFault(PeerDbFault.timeout().onRoute("/v1/flows/cdc/create").afterProcessing().times(1));
 * }</pre>
 *
 * <p>Scope: {@link #onRoute(String)} limits the fault to one route (a template of peerdb-api.md §1.2 such as
 * {@code /v1/peers/slots/{peer_name}}, or a concrete path); {@link #times(int)}, {@link #forDuration(Duration)}
 * and {@link #withProbability(double)} as in {@link FaultScope}. By default a fault hits the request before
 * PeerDB handles it (nothing happens); {@link #afterProcessing()} lets PeerDB handle it first (a mirror is
 * created, paused, …) and then replaces the answer, as when an answer is lost on the way back.
 */
public final class PeerDbFault extends ScopedFault<PeerDbFault> {

    /** What the fault does. JSON names in parentheses. */
    public enum Kind {
        /** ({@code latency}) the answer is delayed by {@link #latency()}; latencies of several faults add up. */
        LATENCY("latency"),
        /** ({@code internal}) HTTP 500, gRPC code 13 Internal. */
        INTERNAL("internal"),
        /**
         * ({@code unavailable}) HTTP 503, gRPC code 14 Unavailable: PeerDB in maintenance mode (validate, create,
         * state change, peerdb-api.md §3.3, §6), or grpc-gateway not reaching the gRPC server (any route).
         */
        UNAVAILABLE("unavailable"),
        /**
         * ({@code conflict}) HTTP 409, gRPC code 6 AlreadyExists, as create ({@code flow already exists: <name>})
         * and validate ({@code mirror with name <name> already exists} + ErrorInfo MIRROR) answer an existing
         * name (§3.3, §3.4). Only on those two routes.
         */
        CONFLICT("conflict"),
        /**
         * ({@code timeout}) no answer: the request is held until the client gives up, at most {@link #hold()},
         * after which the emulator closes the connection.
         */
        TIMEOUT("timeout"),
        /** ({@code reset}) the connection is closed without an answer. */
        RESET("reset"),
        /**
         * ({@code malformed}) HTTP 200 with a broken body ({@link #body()}); always after processing, and only in
         * place of a 200 answer (an error answer passes through unchanged, the fault is used up all the same).
         */
        MALFORMED("malformed");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }

        /** @throws IllegalArgumentException for an unknown name */
        @JsonCreator
        public static Kind fromJson(String name) {
            return Arrays.stream(values())
                    .filter(kind -> kind.json.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault kind \"" + name + "\"; known: "
                            + Arrays.stream(values()).map(Kind::json).toList() + " and \"down\""));
        }
    }

    /** The body of a {@link Kind#MALFORMED} answer. JSON names in parentheses. */
    public enum MalformedBody {
        /** ({@code empty-object}) {@code {}}: valid JSON without the expected fields. */
        EMPTY_OBJECT("empty-object"),
        /** ({@code truncated}) the first half of the real answer: invalid JSON. */
        TRUNCATED("truncated"),
        /** ({@code empty}) a zero-length body. */
        EMPTY("empty");

        private final String json;

        MalformedBody(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }

        /** @throws IllegalArgumentException for an unknown name */
        @JsonCreator
        public static MalformedBody fromJson(String name) {
            return Arrays.stream(values())
                    .filter(body -> body.json.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown malformed body \"" + name + "\"; known: "
                            + Arrays.stream(values()).map(MalformedBody::json).toList()));
        }

        /** This body in place of {@code real}. */
        String apply(String real) {
            return switch (this) {
                case EMPTY_OBJECT -> "{}";
                case TRUNCATED -> real.substring(0, real.length() / 2);
                case EMPTY -> "";
            };
        }
    }

    /** Default message of {@link #internalError()}. */
    public static final String DEFAULT_INTERNAL_MESSAGE = "internal error injected by the PeerDB emulator";

    /** Message PeerDB answers in maintenance mode ({@code ErrUnderMaintenance}, flow/cmd/api_error.go). */
    public static final String MAINTENANCE_MESSAGE = "PeerDB is under maintenance. Please retry in a few minutes";

    /** Default bound of a {@link Kind#TIMEOUT}. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);

    private final Kind kind;
    private final String route;
    private final FaultScope scope;
    private final boolean afterProcessing;
    private final Duration latency;
    private final String message;
    private final MalformedBody body;
    private final Duration hold;

    private PeerDbFault(
            Kind kind,
            String route,
            FaultScope scope,
            boolean afterProcessing,
            Duration latency,
            String message,
            MalformedBody body,
            Duration hold) {
        this.kind = kind;
        this.route = route;
        this.scope = scope;
        this.afterProcessing = afterProcessing;
        this.latency = latency;
        this.message = message;
        this.body = body;
        this.hold = hold;
    }

    private static PeerDbFault of(Kind kind) {
        return new PeerDbFault(kind, null, FaultScope.ALWAYS, false, null, null, null, null);
    }

    /** Delays every matching answer by {@code latency}. */
    public static PeerDbFault latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive, was " + latency);
        }
        return new PeerDbFault(Kind.LATENCY, null, FaultScope.ALWAYS, false, latency, null, null, null);
    }

    /** HTTP 500 {@code {"code":13,"message":"}{@value #DEFAULT_INTERNAL_MESSAGE}{@code ","details":[]}}. */
    public static PeerDbFault internalError() {
        return internalError(DEFAULT_INTERNAL_MESSAGE);
    }

    /** HTTP 500, code 13, with this message (e.g. a text PeerDB would produce). */
    public static PeerDbFault internalError(String message) {
        return of(Kind.INTERNAL).withMessage(message);
    }

    /** HTTP 503, code 14, message {@value #MAINTENANCE_MESSAGE}: maintenance mode. */
    public static PeerDbFault unavailable() {
        return unavailable(MAINTENANCE_MESSAGE);
    }

    /** HTTP 503, code 14, with this message. */
    public static PeerDbFault unavailable(String message) {
        return of(Kind.UNAVAILABLE).withMessage(message);
    }

    /** HTTP 409, code 6, on create and validate only, naming the requested mirror. */
    public static PeerDbFault conflict() {
        return of(Kind.CONFLICT);
    }

    /** No answer until the client gives up, at most {@link #DEFAULT_HOLD}. */
    public static PeerDbFault timeout() {
        return timeout(DEFAULT_HOLD);
    }

    /** No answer until the client gives up, at most {@code hold}; then the connection is closed. */
    public static PeerDbFault timeout(Duration hold) {
        Objects.requireNonNull(hold, "hold");
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("hold must be positive, was " + hold);
        }
        return new PeerDbFault(Kind.TIMEOUT, null, FaultScope.ALWAYS, false, null, null, null, hold);
    }

    /** The connection is closed without an answer. */
    public static PeerDbFault connectionReset() {
        return of(Kind.RESET);
    }

    /** HTTP 200 with {@code body} in place of the real answer (after PeerDB handled the request). */
    public static PeerDbFault malformed(MalformedBody body) {
        return new PeerDbFault(
                Kind.MALFORMED, null, FaultScope.ALWAYS, true, null, null, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * This fault on one route only: a template of peerdb-api.md §1.2 ({@code /v1/flows/cdc/create},
     * {@code /v1/peers/slots/{peer_name}}) or a concrete path ({@code /v1/peers/slots/postgres_main}).
     *
     * @throws IllegalArgumentException when the route does not start with {@code /v1/}
     */
    public PeerDbFault onRoute(String route) {
        if (route == null || !route.startsWith("/v1/")) {
            throw new IllegalArgumentException("a PeerDB route starts with /v1/, was " + route);
        }
        return new PeerDbFault(kind, route, scope, afterProcessing, latency, message, body, hold);
    }

    /** This fault after PeerDB handled the request: its effects happen, then the answer is replaced. */
    public PeerDbFault afterProcessing() {
        if (kind == Kind.LATENCY) {
            throw new IllegalArgumentException("a latency has no processing phase");
        }
        return new PeerDbFault(kind, route, scope, true, latency, message, body, hold);
    }

    @Override
    public PeerDbFault withScope(FaultScope newScope) {
        return new PeerDbFault(
                kind, route, Objects.requireNonNull(newScope, "scope"), afterProcessing, latency, message, body, hold);
    }

    private PeerDbFault withMessage(String newMessage) {
        return new PeerDbFault(
                kind,
                route,
                scope,
                afterProcessing,
                latency,
                Objects.requireNonNull(newMessage, "message"),
                body,
                hold);
    }

    /** What it does. */
    public Kind kind() {
        return kind;
    }

    /** The route it is limited to, or null for every PeerDB route. */
    public String route() {
        return route;
    }

    @Override
    public FaultScope scope() {
        return scope;
    }

    /** Whether PeerDB handles the request before the answer is replaced. */
    public boolean isAfterProcessing() {
        return afterProcessing;
    }

    /** The delay of a {@link Kind#LATENCY}, else null. */
    public Duration latency() {
        return latency;
    }

    /** The error message of {@link Kind#INTERNAL} and {@link Kind#UNAVAILABLE}, else null. */
    public String message() {
        return message;
    }

    /** The body of a {@link Kind#MALFORMED}, else null. */
    public MalformedBody body() {
        return body;
    }

    /** The bound of a {@link Kind#TIMEOUT}, else null. */
    public Duration hold() {
        return hold;
    }

    /** Whether this fault hits a request to {@code path}, whose route template is {@code template}. */
    boolean appliesTo(String template, String path) {
        if (route != null && !route.equals(template) && !route.equals(path)) {
            return false;
        }
        return kind != Kind.CONFLICT || PeerDbApi.CONFLICT_ROUTES.contains(template);
    }

    @Override
    public String toString() {
        return kind.json() + (route == null ? "" : " on " + route) + (afterProcessing ? " after processing" : "")
                + (latency == null ? "" : " " + latency.toMillis() + " ms")
                + (body == null ? "" : " " + body.json()) + " " + scope;
    }
}
