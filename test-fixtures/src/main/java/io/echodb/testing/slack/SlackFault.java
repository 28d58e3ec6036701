package io.echodb.testing.slack;

import com.fasterxml.jackson.annotation.JsonValue;
import io.echodb.testing.FaultScope;
import io.echodb.testing.ScopedFault;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A failure the {@link SlackEmulator} answers with, switched on with {@link SlackEmulator#addFault(SlackFault)}
 * or {@code POST /_emulator/faults}, in the shape Slack uses for each transport: the Web API answers errors as
 * HTTP 200 {@code {"ok":false,"error":"…"}} (except 429 and 5xx), incoming webhooks as plain-text bodies with a
 * 4xx/5xx status (alerting-research.md §2.1–§2.3).
 *
 * <pre>{@code
 * slack.addFault(SlackFault.rateLimited(Duration.ofSeconds(2)).times(1));
 * slack.addFault(SlackFault.error("channel_not_found"));           // Web API and webhooks, each in its shape
 * slack.addFault(SlackFault.error("no_service"));                  // webhooks only: 404 no_service
 * slack.addFault(SlackFault.serverError(503).forDuration(Duration.ofSeconds(5)));
 * slack.addFault(SlackFault.connectionReset().on(SlackFault.Endpoint.CHAT_UPDATE).times(1));
 * }</pre>
 *
 * <p>A fault hits only endpoints where its answer exists ({@link #error(String)}: where Slack has that error),
 * optionally narrowed with {@link #on(Endpoint...)} and {@link #inChannel(String)}; {@link #times(int)},
 * {@link #forDuration(Duration)} and {@link #withProbability(double)} as in {@link FaultScope}. By default the
 * message is refused (nothing is recorded); {@link #afterProcessing()} records it and then replaces the answer,
 * as when Slack posted a message but the answer was lost. Immutable.
 */
public final class SlackFault extends ScopedFault<SlackFault> {

    /** What the fault does. JSON names in parentheses. */
    public enum Kind {
        /**
         * ({@code ratelimited}) HTTP 429 with {@code Retry-After: <seconds>}; Web API body
         * {@code {"ok":false,"error":"ratelimited"}}, webhook body {@code {"retry_after":n,"ok":false,
         * "error":"rate_limited"}} (the body reported in alertmanager#2111).
         */
        RATE_LIMITED("ratelimited"),
        /**
         * ({@code server-error}) an HTTP 5xx: webhooks answer plain text ({@code rollup_error} for 500, else the
         * reason phrase), the Web API {@code {"ok":false,"error":"internal_error"}} ({@code service_unavailable}
         * for 503).
         */
        SERVER_ERROR("server-error"),
        /** ({@code error}) a Slack error code in the transport's shape. */
        ERROR("error"),
        /** ({@code timeout}) no answer until the client gives up, at most {@link #hold()}. */
        TIMEOUT("timeout"),
        /** ({@code reset}) the connection is closed without an answer. */
        RESET("reset");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }
    }

    /** The Slack endpoints the emulator serves. JSON names in parentheses. */
    public enum Endpoint {
        /** ({@code webhook}) {@code POST /services/{team}/{bot}/{secret}}. */
        WEBHOOK("webhook"),
        /** ({@code chat.postMessage}) {@code POST /api/chat.postMessage}. */
        CHAT_POST_MESSAGE("chat.postMessage"),
        /** ({@code chat.update}) {@code POST /api/chat.update}. */
        CHAT_UPDATE("chat.update");

        private final String json;

        Endpoint(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }

        /** @throws IllegalArgumentException for an unknown name */
        public static Endpoint fromJson(String name) {
            return Arrays.stream(values())
                    .filter(endpoint -> endpoint.json.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown endpoint \"" + name + "\"; known: "
                            + Arrays.stream(values()).map(Endpoint::json).toList()));
        }
    }

    /** Default {@code Retry-After} of {@link #rateLimited()}. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    /** Default bound of {@link #timeout()}. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);

    private static final Set<Endpoint> WEB_API = EnumSet.of(Endpoint.CHAT_POST_MESSAGE, Endpoint.CHAT_UPDATE);

    private final Kind kind;
    private final Set<Endpoint> endpoints;
    private final String channel;
    private final FaultScope scope;
    private final boolean afterProcessing;
    private final Duration retryAfter;
    private final int status;
    private final String error;
    private final SlackErrorCatalog.Entry errorEntry;
    private final Duration hold;

    private SlackFault(
            Kind kind,
            Set<Endpoint> endpoints,
            String channel,
            FaultScope scope,
            boolean afterProcessing,
            Duration retryAfter,
            int status,
            String error,
            SlackErrorCatalog.Entry errorEntry,
            Duration hold) {
        this.kind = kind;
        this.endpoints = Set.copyOf(endpoints);
        this.channel = channel;
        this.scope = scope;
        this.afterProcessing = afterProcessing;
        this.retryAfter = retryAfter;
        this.status = status;
        this.error = error;
        this.errorEntry = errorEntry;
        this.hold = hold;
    }

    private static SlackFault of(
            Kind kind, Duration retryAfter, int status, String error, SlackErrorCatalog.Entry entry, Duration hold) {
        return new SlackFault(kind, Set.of(), null, FaultScope.ALWAYS, false, retryAfter, status, error, entry, hold);
    }

    /** HTTP 429 with {@code Retry-After: 1}. */
    public static SlackFault rateLimited() {
        return rateLimited(DEFAULT_RETRY_AFTER);
    }

    /**
     * HTTP 429 with {@code Retry-After} = {@code retryAfter} in whole seconds (rounded up, at least 1), on every
     * endpoint.
     */
    public static SlackFault rateLimited(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
        }
        return of(Kind.RATE_LIMITED, retryAfter, 429, null, null, null);
    }

    /**
     * An HTTP {@code status} from 500 to 599 on every endpoint.
     *
     * @throws IllegalArgumentException for another status
     */
    public static SlackFault serverError(int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a server error is 500 to 599, was " + status);
        }
        return of(Kind.SERVER_ERROR, null, status, null, null, null);
    }

    /**
     * A Slack error code on every endpoint that has it, each in its own shape: e.g. {@code invalid_auth},
     * {@code account_inactive}, {@code token_revoked}, {@code not_in_channel}, {@code is_archived},
     * {@code msg_too_long} (Web API only), {@code channel_not_found}, {@code invalid_blocks}, {@code no_text}
     * (Web API and webhooks), {@code invalid_token}, {@code no_service}, {@code channel_is_archived},
     * {@code action_prohibited}, {@code posting_to_general_channel_denied}, {@code too_many_attachments},
     * {@code invalid_payload} (webhooks). The full list is in docs/emulators.md.
     *
     * @throws IllegalArgumentException for a code the emulator does not know (use {@link #apiError(String)} or
     *     {@link #webhookError(int, String)})
     */
    public static SlackFault error(String code) {
        SlackErrorCatalog.Entry entry = SlackErrorCatalog.find(code)
                .orElseThrow(() -> new IllegalArgumentException("unknown Slack error \"" + code + "\"; known: "
                        + SlackErrorCatalog.codes() + "; use apiError(code) or webhookError(status, body) for others"));
        return of(Kind.ERROR, null, entry.webhookStatus() == null ? 200 : entry.webhookStatus(), code, entry, null);
    }

    /** Any Web API error code as HTTP 200 {@code {"ok":false,"error":"<code>"}}, on chat.postMessage and chat.update. */
    public static SlackFault apiError(String code) {
        Objects.requireNonNull(code, "code");
        return of(Kind.ERROR, null, 200, code, new SlackErrorCatalog.Entry(WEB_API, null), null);
    }

    /**
     * Any webhook error: {@code status} (400 to 599) with the plain-text {@code body}, on webhooks.
     *
     * @throws IllegalArgumentException for another status
     */
    public static SlackFault webhookError(int status, String body) {
        Objects.requireNonNull(body, "body");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a webhook error status is 400 to 599, was " + status);
        }
        return of(Kind.ERROR, null, status, body, new SlackErrorCatalog.Entry(Set.of(), status), null);
    }

    /** No answer until the client gives up, at most {@link #DEFAULT_HOLD}. */
    public static SlackFault timeout() {
        return timeout(DEFAULT_HOLD);
    }

    /** No answer until the client gives up, at most {@code hold}; then the connection is closed. */
    public static SlackFault timeout(Duration hold) {
        Objects.requireNonNull(hold, "hold");
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("hold must be positive, was " + hold);
        }
        return of(Kind.TIMEOUT, null, 0, null, null, hold);
    }

    /** The connection is closed without an answer. */
    public static SlackFault connectionReset() {
        return of(Kind.RESET, null, 0, null, null, null);
    }

    /** This fault on these endpoints only. */
    public SlackFault on(Endpoint... only) {
        Set<Endpoint> chosen = only.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(only));
        return new SlackFault(
                kind, chosen, channel, scope, afterProcessing, retryAfter, status, error, errorEntry, hold);
    }

    /**
     * This fault on Web API calls to one channel only (a name such as {@code #alerts} or an ID; compared as
     * Slack channel IDs). Webhooks, bound to their own channel, are not hit.
     */
    public SlackFault inChannel(String onlyChannel) {
        return new SlackFault(
                kind,
                endpoints,
                Objects.requireNonNull(onlyChannel, "channel"),
                scope,
                afterProcessing,
                retryAfter,
                status,
                error,
                errorEntry,
                hold);
    }

    /** This fault after the message was recorded: Slack posted it, the client does not learn so. */
    public SlackFault afterProcessing() {
        return new SlackFault(kind, endpoints, channel, scope, true, retryAfter, status, error, errorEntry, hold);
    }

    @Override
    public SlackFault withScope(FaultScope newScope) {
        return new SlackFault(
                kind,
                endpoints,
                channel,
                Objects.requireNonNull(newScope, "scope"),
                afterProcessing,
                retryAfter,
                status,
                error,
                errorEntry,
                hold);
    }

    /** What it does. */
    public Kind kind() {
        return kind;
    }

    /** The endpoints it is narrowed to; empty = every endpoint where its answer exists. */
    public Set<Endpoint> endpoints() {
        return endpoints;
    }

    /** The channel it is narrowed to, or null. */
    public String channel() {
        return channel;
    }

    @Override
    public FaultScope scope() {
        return scope;
    }

    /** Whether the message is recorded before the answer is replaced. */
    public boolean isAfterProcessing() {
        return afterProcessing;
    }

    /** The {@code Retry-After} of {@link Kind#RATE_LIMITED}, else null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * The HTTP status: 429, the 5xx of {@link Kind#SERVER_ERROR}, the webhook status of {@link Kind#ERROR}
     * (200 for an error that exists on the Web API only); 0 for timeouts and resets.
     */
    public int status() {
        return status;
    }

    /** The error code (or webhook body) of {@link Kind#ERROR}, else null. */
    public String error() {
        return error;
    }

    /** The bound of {@link Kind#TIMEOUT}, else null. */
    public Duration hold() {
        return hold;
    }

    /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Whether this fault hits a request to {@code endpoint} for {@code requestChannel} (null for webhooks). */
    boolean appliesTo(Endpoint endpoint, String requestChannel) {
        if (!endpoints.isEmpty() && !endpoints.contains(endpoint)) {
            return false;
        }
        if (kind == Kind.ERROR && !errorEntry.existsOn(endpoint)) {
            return false;
        }
        if (channel != null) {
            return endpoint != Endpoint.WEBHOOK
                    && requestChannel != null
                    && !requestChannel.isBlank()
                    && SlackEmulator.channelId(channel).equals(SlackEmulator.channelId(requestChannel));
        }
        return true;
    }

    @Override
    public String toString() {
        return kind.json() + (error == null ? "" : " " + error) + (status == 0 ? "" : " " + status)
                + (endpoints.isEmpty() ? "" : " on " + endpoints) + (channel == null ? "" : " in " + channel)
                + (afterProcessing ? " after processing" : "") + " " + scope;
    }
}
