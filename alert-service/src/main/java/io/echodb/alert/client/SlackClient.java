package io.echodb.alert.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.alert.AlertMetrics;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlackDestination;
import io.echodb.common.retry.Backoff;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends messages to Slack: by bot token ({@code chat.postMessage}, {@code chat.update}) when
 * {@code echodb.alert.slack.bot-token} is set, else by incoming webhook; without either nothing is sent
 * ({@link Mode#LOG}). Routes each severity to its channel or webhook. Pacing, retries and permanent refusals:
 * docs/architecture.md §Slack delivery.
 */
@ApplicationScoped
public class SlackClient {

    /** Longest backoff between two attempts after 5xx or network errors. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Longest body kept in an error message. */
    private static final int MAX_ERROR_LENGTH = 200;

    /** Web API errors that are Slack's own trouble, answered with HTTP 200. */
    private static final Set<String> SERVER_ERRORS =
            Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout");

    /** How messages leave. */
    public enum Mode {
        /** {@code chat.postMessage} / {@code chat.update} with a bot token. */
        BOT,
        /** Incoming webhooks. */
        WEBHOOK,
        /** No Slack configured: notifications are only logged. */
        LOG
    }

    /**
     * A message Slack accepted.
     *
     * @param channel the channel ID Slack answered (Web API), else {@code null}
     * @param ts the message's ts (Web API), else {@code null}
     */
    public record Posted(String channel, String ts) {}

    /**
     * A destination whose last message was refused permanently.
     *
     * @param destination where
     * @param error Slack's error code
     * @param at when
     */
    public record Failure(SlackDestination destination, String error, Instant at) {}

    private final Mode mode;
    private final Map<Severity, SlackDestination> routes = new LinkedHashMap<>();
    private final Map<URI, SlackWebhookRestClient> webhooks = new LinkedHashMap<>();
    private final SlackApiRestClient api;
    private final String authorization;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Duration minInterval;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Map<String, Instant> nextSlot = new ConcurrentHashMap<>();
    private final Map<String, Failure> failing = new ConcurrentHashMap<>();
    /** Channel as configured (a name such as {@code #alerts}) → the ID Slack answered for it. */
    private final Map<String, String> channelIds = new ConcurrentHashMap<>();

    private final Set<String> secrets = new LinkedHashSet<>();

    public SlackClient(AlertConfig config, ObjectMapper json, MeterRegistry registry) {
        AlertConfig.Slack slack = config.slack();
        this.json = json;
        this.registry = registry;
        this.minInterval = slack.minInterval();
        this.maxAttempts = Math.max(1, slack.maxAttempts());
        this.backoff = new Backoff(slack.backoff(), 2, MAX_BACKOFF);
        long timeout = slack.timeout().toMillis();
        if (slack.botToken().filter(token -> !token.isBlank()).isPresent()) {
            mode = Mode.BOT;
            authorization = "Bearer " + slack.botToken().get().strip();
            secrets.add(slack.botToken().get().strip());
            api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(slack.apiUrl())
                    .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                    .readTimeout(timeout, TimeUnit.MILLISECONDS)
                    .disableDefaultMapper(true)
                    .build(SlackApiRestClient.class);
            route(
                    Severity.CRITICAL,
                    slack.critical().channel().or(slack::channel).orElse(null),
                    null);
            route(Severity.WARNING, slack.warning().channel().or(slack::channel).orElse(null), null);
        } else {
            api = null;
            authorization = null;
            route(
                    Severity.CRITICAL,
                    null,
                    slack.critical().webhookUrl().or(slack::webhookUrl).orElse(null));
            route(
                    Severity.WARNING,
                    null,
                    slack.warning().webhookUrl().or(slack::webhookUrl).orElse(null));
            mode = routes.isEmpty() ? Mode.LOG : Mode.WEBHOOK;
            routes.values().stream().map(SlackDestination::webhook).distinct().forEach(url -> {
                webhooks.put(
                        url,
                        QuarkusRestClientBuilder.newBuilder()
                                .baseUri(url)
                                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                                .disableDefaultMapper(true)
                                .build(SlackWebhookRestClient.class));
                Optional.ofNullable(url.getRawPath())
                        .filter(path -> path.length() > 1)
                        .ifPresent(secrets::add);
            });
        }
        Gauge.builder(AlertMetrics.SLACK_FAILING, failing, Map::size)
                .description("Slack destinations whose last message was refused permanently; count")
                .register(registry);
    }

    /** How messages leave. */
    public Mode mode() {
        return mode;
    }

    /** Where alerts of {@code severity} go; empty in {@link Mode#LOG} or for a severity without a route. */
    public Optional<SlackDestination> route(Severity severity) {
        return Optional.ofNullable(routes.get(severity));
    }

    /** Every distinct destination, critical's first. */
    public List<SlackDestination> destinations() {
        return List.copyOf(new LinkedHashSet<>(routes.values()));
    }

    /** Destinations whose last message was refused permanently, with Slack's error. */
    public List<Failure> failing() {
        return List.copyOf(failing.values());
    }

    /**
     * Posts a message (a thread reply when {@code threadTs} is given, bot token only).
     *
     * @return what Slack answered; fails with a {@link SlackDeliveryException} once retries are exhausted or at
     *     once for a permanent refusal
     */
    public Uni<Posted> post(SlackDestination destination, SlackMessage message, String threadTs) {
        return delivered(
                destination,
                () -> destination.webhook() != null
                        ? webhooks.get(destination.webhook()).post(message).map(this::webhookAnswer)
                        : api.postMessage(authorization, threaded(body(destination.channel(), message), threadTs))
                                .map(this::apiAnswer));
    }

    /**
     * Replaces a bot-token message's text and blocks ({@code chat.update}).
     *
     * @return completes when Slack took it; fails as {@link #post} does
     * @throws IllegalStateException without a bot token
     */
    public Uni<Void> update(String channel, String ts, SlackMessage message) {
        if (api == null) {
            throw new IllegalStateException("chat.update needs echodb.alert.slack.bot-token");
        }
        return delivered(
                        new SlackDestination(channel, null),
                        () -> api.update(authorization, body(channel, message).put("ts", ts))
                                .map(this::apiAnswer))
                .replaceWithVoid();
    }

    private void route(Severity severity, String channel, URI webhook) {
        if (channel != null || webhook != null) {
            routes.put(severity, new SlackDestination(channel, webhook));
        }
    }

    /** Adds {@code thread_ts} for a reply; a top-level post leaves it out (not JSON null). */
    private static ObjectNode threaded(ObjectNode body, String threadTs) {
        return threadTs == null ? body : body.put("thread_ts", threadTs);
    }

    /**
     * The key of pacing, {@code Retry-After} hold-backs and failure state: the channel ID Slack answered for a
     * channel given by name (learned from its first post), so that a reply and a top-level post to one channel
     * count as one; a webhook's {@link SlackDestination#id()}.
     */
    private String key(SlackDestination destination) {
        if (destination.channel() == null) {
            return destination.id();
        }
        return "channel " + channelIds.getOrDefault(destination.channel(), destination.channel());
    }

    /** Records the channel ID Slack answered for {@code destination}, and that it works again. */
    private void succeeded(SlackDestination destination, Posted posted) {
        if (destination.channel() != null && posted.channel() != null) {
            channelIds.put(destination.channel(), posted.channel());
            failing.remove("channel " + posted.channel());
        }
        failing.remove(destination.id());
        failing.remove(key(destination));
    }

    private ObjectNode body(String channel, SlackMessage message) {
        ObjectNode body = json.valueToTree(message);
        body.put("channel", channel);
        body.put("unfurl_links", false);
        return body;
    }

    /** One request with pacing, retries and bookkeeping. */
    private Uni<Posted> delivered(SlackDestination destination, Supplier<Uni<Posted>> request) {
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom()
                .deferred(() -> paced(destination)
                        .chain(() -> request.get())
                        .onFailure(failure -> !(failure instanceof SlackDeliveryException))
                        .transform(failure -> new SlackDeliveryException.Unreachable(redacted(failure))))
                .onFailure(SlackDeliveryException.class)
                .invoke(failure -> count((SlackDeliveryException) failure))
                .onFailure(failure -> ((SlackDeliveryException) failure).retryable())
                .retry()
                .when(failures -> failures.onItem().<Object>transformToUniAndConcatenate(failure -> {
                    int attempt = attempts.incrementAndGet();
                    if (attempt >= maxAttempts) {
                        return Uni.createFrom().failure(failure);
                    }
                    Duration delay = delay((SlackDeliveryException) failure, attempt, destination);
                    Log.debugf(
                            "Slack %s: %s; attempt %d of %d in %d ms",
                            destination, failure.getMessage(), attempt + 1, maxAttempts, delay.toMillis());
                    return Uni.createFrom()
                            .<Object>item(attempt)
                            .onItem()
                            .delayIt()
                            .by(delay);
                }))
                .invoke(posted -> succeeded(destination, posted))
                .onFailure(SlackDeliveryException.Rejected.class)
                .invoke(failure -> {
                    SlackDeliveryException.Rejected rejected = (SlackDeliveryException.Rejected) failure;
                    if (rejected.setupError()) {
                        failing.put(key(destination), new Failure(destination, rejected.error(), Instant.now()));
                    }
                });
    }

    /** Waits for the destination's next free slot: at most one message per {@code min-interval}. */
    private Uni<Void> paced(SlackDestination destination) {
        Instant now = Instant.now();
        Instant[] slot = new Instant[1];
        nextSlot.compute(key(destination), (id, next) -> {
            slot[0] = next == null || next.isBefore(now) ? now : next;
            return slot[0].plus(minInterval);
        });
        Duration wait = Duration.between(now, slot[0]);
        return wait.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }

    /** 429: its {@code Retry-After}; else {@code backoff} doubled per attempt, at most 30 s, without jitter. */
    private Duration delay(SlackDeliveryException failure, int attempt, SlackDestination destination) {
        if (failure instanceof SlackDeliveryException.RateLimited limited) {
            Instant until = Instant.now().plus(limited.retryAfter());
            nextSlot.merge(key(destination), until, (a, b) -> a.isAfter(b) ? a : b);
            return limited.retryAfter();
        }
        return Duration.ofMillis(backoff.exponentialMillis(attempt - 1));
    }

    private void count(SlackDeliveryException failure) {
        String error = switch (failure) {
            case SlackDeliveryException.Unreachable unreachable -> "unreachable";
            case SlackDeliveryException.RateLimited limited -> "rate_limited";
            default ->
                failure.error() == null || failure.error().isBlank()
                        ? "http_" + failure.status()
                        : failure.error().length() > 40 ? "other" : failure.error();
        };
        AlertMetrics.slackErrors(registry, error).increment();
    }

    /** Incoming webhook: 200 with plain-text {@code ok}; errors as plain text with a 4xx/5xx status. */
    private Posted webhookAnswer(Response response) {
        try (response) {
            String body =
                    response.hasEntity() ? response.readEntity(String.class).strip() : "";
            int status = response.getStatus();
            if (status == 429) {
                throw new SlackDeliveryException.RateLimited(status, "rate_limited", retryAfter(response));
            }
            if (status >= 500) {
                throw new SlackDeliveryException.Unavailable(status, shortened(body));
            }
            if (status >= 300 || !body.equals("ok")) {
                throw new SlackDeliveryException.Rejected(status, shortened(body));
            }
            return new Posted(null, null);
        }
    }

    /** Web API: 200 with {@code {"ok":true,"channel":…,"ts":…}} or {@code {"ok":false,"error":…}}, 429, 5xx. */
    private Posted apiAnswer(Response response) {
        try (response) {
            int status = response.getStatus();
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            JsonNode answer = parse(body);
            String error = answer.path("error").asText("");
            if (status == 429) {
                throw new SlackDeliveryException.RateLimited(
                        status, error.isEmpty() ? "ratelimited" : error, retryAfter(response));
            }
            if (status >= 500) {
                throw new SlackDeliveryException.Unavailable(status, error.isEmpty() ? shortened(body) : error);
            }
            if (status >= 300 || !answer.path("ok").asBoolean(false)) {
                String code = error.isEmpty() ? shortened(body) : error;
                if (SERVER_ERRORS.contains(code)) {
                    throw new SlackDeliveryException.Unavailable(status, code);
                }
                if (code.equals("ratelimited") || code.equals("rate_limited")) {
                    throw new SlackDeliveryException.RateLimited(status, code, retryAfter(response));
                }
                throw new SlackDeliveryException.Rejected(status, code);
            }
            String ts = answer.path("ts").asText(null);
            if (ts == null) {
                throw new SlackDeliveryException.Unavailable(status, "answer without ts");
            }
            return new Posted(answer.path("channel").asText(null), ts);
        }
    }

    private JsonNode parse(String body) {
        try {
            return body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    /** {@code Retry-After} in seconds; 1 s when absent or unreadable. */
    private static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(value == null ? "1" : value.strip())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    /** The failure as {@code Type: message} with every secret masked; the cause is dropped. */
    private String redacted(Throwable failure) {
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        for (String secret : secrets) {
            message = message.replace(secret, "***");
        }
        return message;
    }

    private static String shortened(String body) {
        if (body.isEmpty()) {
            return "(empty answer)";
        }
        return body.length() <= MAX_ERROR_LENGTH ? body : body.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
