package io.echodb.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.ActiveFault;
import io.echodb.testing.FaultSchedule;
import io.echodb.testing.FaultScope;
import io.echodb.testing.HeldRequests;
import io.echodb.testing.slack.SlackFault.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The failure switches of the Slack emulator: forced faults, held (timed-out) requests and the optional enforced
 * rate limit, plus their JSON form for {@code /_emulator/faults}. Thread-safe.
 */
final class SlackFaults {

    private static final Logger LOG = Logger.getLogger(SlackFaults.class);
    private static final Set<String> JSON_FIELDS =
            Set.of("kind", "error", "status", "retryAfterSeconds", "holdMs", "endpoints", "channel", "afterProcessing");

    private final FaultSchedule<SlackFault> schedule = new FaultSchedule<>(SlackFault::scope, 20260821L);
    private final HeldRequests held = new HeldRequests();
    /**
     * chat.postMessage and webhooks: one message per second per channel, "allowing bursts over that limit for short
     * periods" ("Special" tier, rate-limits docs): a burst of 2.
     */
    private final SlackRateLimiter rateLimiter =
            new SlackRateLimiter(new SlackRateLimiter.Limit(java.time.Duration.ofSeconds(1), 2));
    /** chat.update: Tier 3, 50 per minute per app (bursts of 50 tolerated), rate-limits docs. */
    private final SlackRateLimiter updateLimiter =
            new SlackRateLimiter(new SlackRateLimiter.Limit(java.time.Duration.ofMillis(1200), 50));

    ActiveFault<SlackFault> add(SlackFault fault) {
        ActiveFault<SlackFault> active = schedule.add(fault);
        LOG.infof("Slack emulator: fault %s switched on: %s", active.id(), fault);
        return active;
    }

    boolean remove(String id) {
        return schedule.remove(id);
    }

    List<ActiveFault<SlackFault>> active() {
        return schedule.active();
    }

    void seed(long seed) {
        schedule.seed(seed);
    }

    /**
     * Switches every fault off, puts Slack's own rate limits back (if a test changed them) and closes the
     * connections of held requests.
     */
    void clear() {
        schedule.clear();
        rateLimiter.restore();
        updateLimiter.restore();
        held.releaseAll();
    }

    /** The fault that hits a request to {@code endpoint} for {@code channel} (null for webhooks), if any. */
    Optional<SlackFault> take(Endpoint endpoint, String channel) {
        return schedule.takeFirst(fault -> fault.appliesTo(endpoint, channel));
    }

    HeldRequests held() {
        return held;
    }

    SlackRateLimiter rateLimiter() {
        return rateLimiter;
    }

    SlackRateLimiter updateLimiter() {
        return updateLimiter;
    }

    // ---- control JSON -----------------------------------------------------------------------------------------

    /**
     * A fault from the body of {@code POST /_emulator/faults}: {@code kind} ({@code ratelimited},
     * {@code server-error}, {@code error}, {@code api-error}, {@code webhook-error}, {@code timeout},
     * {@code reset}) plus {@code error}, {@code status}, {@code retryAfterSeconds}, {@code holdMs},
     * {@code endpoints}, {@code channel}, {@code afterProcessing}, {@code times}, {@code durationMs},
     * {@code probability}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static SlackFault fromJson(JsonNode json) {
        Set<String> allowed = new HashSet<>(JSON_FIELDS);
        allowed.addAll(FaultScope.JSON_FIELDS);
        FaultScope.requireKnownFields(json, allowed);
        String kind = FaultScope.optionalText(json, "kind");
        String error = FaultScope.optionalText(json, "error");
        SlackFault fault = switch (kind == null ? "" : kind) {
            case "ratelimited" ->
                json.hasNonNull("retryAfterSeconds")
                        ? SlackFault.rateLimited(Duration.ofSeconds(
                                FaultScope.requireLong(json.get("retryAfterSeconds"), "retryAfterSeconds")))
                        : SlackFault.rateLimited();
            case "server-error" -> SlackFault.serverError(FaultScope.requireInt(json.get("status"), "status"));
            case "error" -> SlackFault.error(required(error, "error"));
            case "api-error" -> SlackFault.apiError(required(error, "error"));
            case "webhook-error" ->
                SlackFault.webhookError(FaultScope.requireInt(json.get("status"), "status"), required(error, "error"));
            case "timeout" ->
                json.hasNonNull("holdMs")
                        ? SlackFault.timeout(Duration.ofMillis(FaultScope.requireLong(json.get("holdMs"), "holdMs")))
                        : SlackFault.timeout();
            case "reset" -> SlackFault.connectionReset();
            default ->
                throw new IllegalArgumentException("kind must be one of [ratelimited, server-error, error, "
                        + "api-error, webhook-error, timeout, reset, enforced-rate-limit], was " + kind);
        };
        JsonNode endpoints = json.get("endpoints");
        if (endpoints != null && !endpoints.isNull()) {
            if (!endpoints.isArray()) {
                throw new IllegalArgumentException("endpoints must be an array of strings");
            }
            List<Endpoint> chosen = new ArrayList<>();
            endpoints.forEach(name -> chosen.add(Endpoint.fromJson(name.asText())));
            fault = fault.on(chosen.toArray(Endpoint[]::new));
        }
        String channel = FaultScope.optionalText(json, "channel");
        if (channel != null) {
            fault = fault.inChannel(channel);
        }
        if (json.path("afterProcessing").asBoolean(false)) {
            fault = fault.afterProcessing();
        }
        return fault.withScope(FaultScope.fromJson(json));
    }

    /** The listing of {@code GET /_emulator/faults}: the enforced rate limit (or null) and the active faults. */
    ObjectNode listing(ObjectMapper mapper) {
        ObjectNode answer = mapper.createObjectNode();
        SlackRateLimiter.Limit limit = rateLimiter.limit();
        if (limit == null) {
            answer.putNull("enforcedRateLimit");
        } else {
            answer.putObject("enforcedRateLimit")
                    .put("intervalMs", limit.interval().toMillis())
                    .put("burst", limit.burst());
        }
        ArrayNode list = answer.putArray("faults");
        active().forEach(active -> list.add(toJson(mapper, active)));
        return answer;
    }

    static ObjectNode toJson(ObjectMapper mapper, ActiveFault<SlackFault> active) {
        SlackFault fault = active.fault();
        ObjectNode json = mapper.createObjectNode();
        json.put("id", active.id());
        json.put("kind", fault.kind().json());
        if (fault.error() != null) {
            json.put("error", fault.error());
        }
        if (fault.status() != 0) {
            json.put("status", fault.status());
        }
        if (fault.retryAfter() != null) {
            json.put("retryAfterSeconds", fault.retryAfterSeconds());
        }
        if (fault.hold() != null) {
            json.put("holdMs", fault.hold().toMillis());
        }
        ArrayNode endpoints = json.putArray("endpoints");
        fault.endpoints().stream().sorted().forEach(endpoint -> endpoints.add(endpoint.json()));
        json.put("channel", fault.channel());
        json.put("afterProcessing", fault.isAfterProcessing());
        fault.scope().writeJson(json, active);
        return json;
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required for this kind");
        }
        return value;
    }
}
