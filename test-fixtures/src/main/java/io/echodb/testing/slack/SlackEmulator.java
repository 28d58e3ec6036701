package io.echodb.testing.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.echodb.testing.ActiveFault;
import io.echodb.testing.EmulatorHttpServer;
import io.echodb.testing.FaultScope;
import io.echodb.testing.slack.SlackFault.Endpoint;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * An in-memory stand-in for Slack's incoming webhooks and the Web API methods {@code chat.postMessage} and
 * {@code chat.update}, for tests and the local stack. It answers the way Slack documents
 * (https://api.slack.com/messaging/webhooks, https://docs.slack.dev/reference/methods/chat.postMessage,
 * https://docs.slack.dev/reference/methods/chat.update) and records every accepted message.
 *
 * <p>Served paths:
 * <ul>
 *   <li>{@code POST /services/{team}/{bot}/{secret}}: incoming webhook. JSON body (or form field
 *       {@code payload}) {@code {"text": …, "blocks": […], …}} → 200 {@code text/plain} {@code ok}; malformed
 *       JSON → 400 {@code invalid_payload}; neither text nor blocks nor attachments → 400
 *       {@code missing_text_or_fallback_or_attachments}; blocks beyond Block Kit's limits → 400
 *       {@code invalid_blocks}.</li>
 *   <li>{@code POST /api/chat.postMessage}: JSON or form body, token as {@code Authorization: Bearer xoxb-…}
 *       (or the form field {@code token}). Always HTTP 200 (but 429 and 5xx): {@code {"ok":false,"error":…}}
 *       with {@code not_authed}, {@code invalid_json}, {@code channel_not_found}, {@code invalid_blocks_format},
 *       {@code invalid_blocks}, {@code msg_blocks_too_long}, {@code no_text}, {@code invalid_thread_ts}; otherwise
 *       {@code {"ok":true,"channel":"C…","ts":"…","message":{…}}} with a unique, increasing ts. A channel given by
 *       name is answered with a stable fake ID ({@code C} + 10 hex digits). A reply's {@code thread_ts} is
 *       resolved to its thread's parent; one naming no message is accepted as Slack does.</li>
 *   <li>{@code POST /api/chat.update}: {@code channel}, {@code ts}, new {@code text} and/or {@code blocks};
 *       an unknown ts → {@code message_not_found}; the message keeps its ts and lists the update.</li>
 *   <li>{@code GET /api/messages}: everything accepted, oldest first (see {@link SlackMessage}). This one path
 *       is not Slack's; it is fixed by {@code docs/contracts.md}.</li>
 *   <li>any other {@code /api/<method>}: 200 {@code {"ok":false,"error":"unknown_method"}}, as Slack does.</li>
 *   <li>{@code POST /_emulator/reset}: forgets all messages and switches every failure off, 204.</li>
 *   <li>{@code GET/POST/DELETE /_emulator/faults}, {@code DELETE /_emulator/faults/{id}}: failure switches
 *       ({@link SlackFault}) and the enforced rate limit.</li>
 * </ul>
 *
 * <p>Any token is accepted; webhook paths are not checked against a registry. Failures (429 with
 * {@code Retry-After}, 5xx, permanent errors, timeouts, closed connections) are switched on with
 * {@link #addFault(SlackFault)}; {@link #enforceRateLimit(Duration, int)} refuses messages beyond a per-channel
 * rate, as Slack does at about one message per second (on by default; chat.update: Tier 3, 50 per minute).
 *
 * <p>Usage: {@code SlackEmulator slack = new SlackEmulator().start(); … slack.webhookUrl() … slack.stop();}
 * Thread-safe.
 */
public final class SlackEmulator implements AutoCloseable {

    /** Path part of {@link #webhookUrl()}: an obviously fake team, bot and secret. */
    public static final String WEBHOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

    private static final Logger LOG = Logger.getLogger(SlackEmulator.class);
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{8,}");
    private static final Pattern TS = Pattern.compile("\\d+\\.\\d{6}");
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final String APPLICATION_JSON = "application/json; charset=utf-8";
    private static final long BODY_LIMIT_BYTES = 1024 * 1024;

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final EmulatorHttpServer server = new EmulatorHttpServer("Slack emulator");
    private final SlackFaults faults = new SlackFaults();
    private final Object messagesLock = new Object();
    private final List<SlackMessage> messages = new ArrayList<>();
    private long lastTsMicros;

    /** Starts on a free port of 127.0.0.1. Returns this emulator. */
    public SlackEmulator start() {
        return start(0);
    }

    /**
     * Starts on {@code port} of 127.0.0.1 (0 = a free port).
     *
     * @return this emulator
     * @throws IllegalStateException when already started or the port cannot be bound
     */
    public SlackEmulator start(int port) {
        server.start(port, this::routes);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}; Slack's Web API methods are under {@code baseUrl() + "/api/"}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** An incoming-webhook URL served by this emulator: {@code baseUrl() + }{@value #WEBHOOK_PATH}. */
    public String webhookUrl() {
        return baseUrl() + WEBHOOK_PATH;
    }

    /** Stops listening. Recorded messages stay readable; the emulator may be started again. */
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** Every accepted message, oldest first, with its latest text and its updates; an immutable snapshot. */
    public List<SlackMessage> messages() {
        synchronized (messagesLock) {
            return List.copyOf(messages);
        }
    }

    /**
     * Forgets all recorded messages and switches every failure off (faults, held requests); Slack's own rate limits
     * apply again. Same as {@code POST /_emulator/reset}.
     */
    public void reset() {
        synchronized (messagesLock) {
            messages.clear();
        }
        faults.clear();
    }

    // ---- failure switches --------------------------------------------------------------------------------------

    /**
     * Switches a failure on (also {@code POST /_emulator/faults}); it acts on requests that arrive from now on.
     *
     * @return its id, for {@link #removeFault(String)}
     */
    public String addFault(SlackFault fault) {
        return faults.add(Objects.requireNonNull(fault, "fault")).id();
    }

    /** Switches one failure off; returns whether it was on (also {@code DELETE /_emulator/faults/{id}}). */
    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    /** The failures still on, oldest first. */
    public List<ActiveFault<SlackFault>> faults() {
        return faults.active();
    }

    /**
     * Back to healthy: switches every failure and the enforced rate limit off and closes the connections of held
     * requests; Slack's own rate limits apply again; messages stay. Also {@code DELETE /_emulator/faults}.
     */
    public void clearFaults() {
        faults.clear();
    }

    /** Re-seeds the probability rolls of failures with {@link SlackFault#withProbability(double)}. */
    public void faultSeed(long seed) {
        faults.seed(seed);
    }

    /** Slack's limit for chat.postMessage and webhooks: one message per second per channel, no burst. */
    public void enforceRateLimit() {
        enforceRateLimit(Duration.ofSeconds(1), 1);
    }

    /**
     * Refuses messages beyond one per {@code interval} per channel (per webhook URL for webhooks), after a burst
     * of {@code burst}, with 429 and the {@code Retry-After} (seconds, rounded up) at which the next one is
     * accepted; chat.update is not limited (https://docs.slack.dev/apis/web-api/rate-limits: chat.postMessage
     * "generally allows posting one message per second per channel"). On by default ({@link #enforceRateLimit()})
     * and again after {@link #reset()} and {@link #clearFaults()}; also {@code POST /_emulator/faults {"kind":"enforced-rate-limit","intervalMs":1000,
     * "burst":1}}.
     *
     * @throws IllegalArgumentException when {@code interval} is not positive or {@code burst} below 1
     */
    public void enforceRateLimit(Duration interval, int burst) {
        faults.rateLimiter().enforce(Objects.requireNonNull(interval, "interval"), burst);
        LOG.infof("Slack emulator: enforcing one message per %s per channel, burst %d", interval, burst);
    }

    /**
     * Stops enforcing the rate limits (chat.postMessage, webhooks and chat.update), until {@link #reset()} or
     * {@link #clearFaults()}. A test switch: Slack always limits.
     */
    public void stopEnforcingRateLimit() {
        faults.rateLimiter().off();
        faults.updateLimiter().off();
    }

    // ---- routes ------------------------------------------------------------------------------------------------

    private Router routes(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.post("/services/:team/:bot/:secret")
                .handler(ctx -> serve(ctx, Endpoint.WEBHOOK, null, () -> webhook(ctx)));
        router.post("/api/chat.postMessage").handler(ctx -> {
            ApiCall call = apiCall(ctx);
            serve(ctx, Endpoint.CHAT_POST_MESSAGE, call.channel(), () -> postMessage(call));
        });
        router.post("/api/chat.update").handler(ctx -> {
            ApiCall call = apiCall(ctx);
            serve(ctx, Endpoint.CHAT_UPDATE, call.channel(), () -> update(call));
        });
        router.get("/api/messages").handler(ctx -> send(ctx, jsonReply(messages())));
        router.route("/api/:method").handler(ctx -> send(ctx, apiError("unknown_method")));
        router.post("/_emulator/reset").handler(ctx -> {
            reset();
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_emulator/faults").handler(ctx -> send(ctx, jsonReply(faults.listing(json))));
        router.post("/_emulator/faults").handler(this::postFault);
        router.delete("/_emulator/faults").handler(ctx -> {
            clearFaults();
            ctx.response().setStatusCode(204).end();
        });
        router.delete("/_emulator/faults/:id").handler(ctx -> {
            if (removeFault(ctx.pathParam("id"))) {
                ctx.response().setStatusCode(204).end();
            } else {
                send(ctx, new Reply(404, APPLICATION_JSON, errorJson("no fault " + ctx.pathParam("id"))));
            }
        });
        return router;
    }

    /** Answers a Slack request: a fault that hits it first (or after handling), else the handler's answer. */
    private void serve(RoutingContext ctx, Endpoint endpoint, String channel, Supplier<Reply> handler) {
        Optional<SlackFault> hit = faults.take(endpoint, channel);
        if (hit.isPresent() && !hit.get().isAfterProcessing()) {
            fail(ctx, endpoint, hit.get());
            return;
        }
        Reply reply = handler.get();
        if (hit.isPresent()) {
            fail(ctx, endpoint, hit.get());
        } else {
            send(ctx, reply);
        }
    }

    private void fail(RoutingContext ctx, Endpoint endpoint, SlackFault fault) {
        LOG.debugf("Slack emulator: %s hit by fault %s", endpoint.json(), fault);
        switch (fault.kind()) {
            case RATE_LIMITED -> send(ctx, rateLimited(endpoint, fault.retryAfterSeconds()));
            case SERVER_ERROR -> send(ctx, serverError(endpoint, fault.status()));
            case ERROR ->
                send(
                        ctx,
                        endpoint == Endpoint.WEBHOOK
                                ? new Reply(fault.status(), TEXT_PLAIN, fault.error())
                                : apiError(fault.error()));
            case TIMEOUT -> faults.held().hold(ctx, fault.hold());
            case RESET -> ctx.request().connection().close();
        }
    }

    /** 429 as Slack sends it: {@code Retry-After} in seconds; Web API and webhook bodies differ (see SlackFault). */
    private Reply rateLimited(Endpoint endpoint, long retryAfterSeconds) {
        ObjectNode body = json.createObjectNode();
        if (endpoint == Endpoint.WEBHOOK) {
            body.put("retry_after", retryAfterSeconds).put("ok", false).put("error", "rate_limited");
        } else {
            body.put("ok", false).put("error", "ratelimited");
        }
        return new Reply(
                429, APPLICATION_JSON, body.toString(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    private Reply serverError(Endpoint endpoint, int status) {
        if (endpoint == Endpoint.WEBHOOK) {
            return new Reply(
                    status,
                    TEXT_PLAIN,
                    status == 500
                            ? "rollup_error"
                            : HttpResponseStatus.valueOf(status).reasonPhrase());
        }
        Reply error = apiError(status == 503 ? "service_unavailable" : "internal_error");
        return new Reply(status, error.contentType(), error.body());
    }

    // ---- webhooks ----------------------------------------------------------------------------------------------

    private Reply webhook(RoutingContext ctx) {
        JsonNode payload;
        JsonNode blocks;
        try {
            String raw = isForm(ctx)
                    ? ctx.request().getFormAttribute("payload")
                    : ctx.body().asString();
            payload = raw == null || raw.isBlank() ? null : json.readTree(raw);
            blocks = payload == null ? null : parseBlocks(payload.get("blocks"));
        } catch (JsonProcessingException e) {
            return new Reply(400, TEXT_PLAIN, "invalid_payload");
        }
        if (payload == null || !payload.isObject() || !isBlocksArrayOrAbsent(blocks)) {
            return new Reply(400, TEXT_PLAIN, "invalid_payload");
        }
        String text = text(payload, "text");
        JsonNode attachments = payload.get("attachments");
        if (!hasContent(text, blocks) && (attachments == null || !attachments.isArray() || attachments.isEmpty())) {
            return new Reply(400, TEXT_PLAIN, "missing_text_or_fallback_or_attachments");
        }
        Optional<String> blockProblem = SlackBlockLimits.violation(blocks);
        if (blockProblem.isPresent()) {
            LOG.debugf("Slack emulator: webhook message refused: %s", blockProblem.get());
            return new Reply(400, TEXT_PLAIN, "invalid_blocks");
        }
        OptionalLong retryAfter = faults.rateLimiter().acquire("webhook:" + ctx.normalizedPath());
        if (retryAfter.isPresent()) {
            return rateLimited(Endpoint.WEBHOOK, retryAfter.getAsLong());
        }
        SlackMessage message = record(null, text, blocks, null, SlackMessage.Via.WEBHOOK, payload);
        LOG.debugf("Slack emulator: webhook message %s accepted", message.ts());
        return new Reply(200, TEXT_PLAIN, "ok");
    }

    // ---- Web API -----------------------------------------------------------------------------------------------

    /**
     * A Web API call's arguments: a form body (token in the header or the {@code token} field) or a JSON object
     * (token in the header only). {@code args} is null when a JSON body is not an object.
     */
    private record ApiCall(String token, ObjectNode args) {
        String channel() {
            return args == null ? null : text(args, "channel");
        }
    }

    private ApiCall apiCall(RoutingContext ctx) {
        String token = bearerToken(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (isForm(ctx)) {
            ObjectNode args = json.createObjectNode();
            ctx.request().formAttributes().forEach(entry -> args.put(entry.getKey(), entry.getValue()));
            token = token != null ? token : text(args, "token");
            args.remove("token");
            return new ApiCall(token, args);
        }
        try {
            String raw = ctx.body().asString();
            JsonNode body = raw == null || raw.isBlank() ? null : json.readTree(raw);
            if (body == null || !body.isObject()) {
                return new ApiCall(token, null);
            }
            ((ObjectNode) body).remove("token");
            return new ApiCall(token, (ObjectNode) body);
        } catch (JsonProcessingException e) {
            return new ApiCall(token, null);
        }
    }

    /**
     * The checks chat.postMessage and chat.update share, in Slack's order: a token ({@code not_authed}), a JSON
     * object ({@code invalid_json}), a channel ({@code channel_not_found}), valid blocks ({@code invalid_blocks}).
     *
     * @param refusal the error answer, or null when the call passed
     * @param blocks the {@code blocks} argument, or null when absent
     */
    private record Checked(Reply refusal, ObjectNode args, String channel, JsonNode blocks, String text) {}

    private Checked check(ApiCall call) {
        if (call.token() == null || call.token().isBlank()) {
            return refused("not_authed");
        }
        if (call.args() == null) {
            return refused("invalid_json");
        }
        String channel = call.channel();
        if (channel == null || channel.isBlank()) {
            return refused("channel_not_found");
        }
        JsonNode blocks;
        try {
            blocks = parseBlocks(call.args().get("blocks"));
        } catch (JsonProcessingException e) {
            return refused("invalid_blocks_format");
        }
        if (!isBlocksArrayOrAbsent(blocks)) {
            return refused("invalid_blocks_format");
        }
        Optional<String> problem = SlackBlockLimits.violation(blocks);
        if (problem.isPresent()) {
            LOG.debugf("Slack emulator: blocks refused: %s", problem.get());
            return refused("invalid_blocks");
        }
        int total = SlackBlockLimits.totalText(blocks);
        if (total > SlackBlockLimits.MAX_TOTAL_TEXT) {
            LOG.debugf("Slack emulator: blocks refused: %d characters of text in all", total);
            return refused("msg_blocks_too_long");
        }
        return new Checked(null, call.args(), channel, blocks, text(call.args(), "text"));
    }

    private Checked refused(String error) {
        return new Checked(apiError(error), null, null, null, null);
    }

    private Reply postMessage(ApiCall call) {
        Checked checked = check(call);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        String channel = checked.channel();
        if (!hasContent(checked.text(), checked.blocks())) {
            return apiError("no_text");
        }
        String threadTs = text(checked.args(), "thread_ts");
        if (threadTs != null && !threadTs.isEmpty()) {
            if (!TS.matcher(threadTs).matches()) {
                return apiError("invalid_thread_ts");
            }
            // A well-formed ts that names no message is accepted, and the reply is shown nowhere
            // (python-slack-sdk#840); it is recorded with that threadTs.
            Optional<SlackMessage> parent = find(channel, threadTs);
            if (parent.isPresent()) {
                threadTs = parent.get().threadTs() != null
                        ? parent.get().threadTs()
                        : parent.get().ts();
            }
        } else {
            threadTs = null;
        }
        OptionalLong retryAfter = faults.rateLimiter().acquire("channel:" + channelId(channel));
        if (retryAfter.isPresent()) {
            return rateLimited(Endpoint.CHAT_POST_MESSAGE, retryAfter.getAsLong());
        }
        SlackMessage message = record(
                channel,
                checked.text(),
                checked.blocks(),
                threadTs,
                SlackMessage.Via.CHAT_POST_MESSAGE,
                checked.args());
        LOG.debugf("Slack emulator: chat.postMessage %s to %s accepted", message.ts(), channel);
        return jsonReply(postMessageAnswer(message));
    }

    /**
     * {@code chat.update}: the message posted with chat.postMessage to {@code channel} at {@code ts} gets the new
     * {@code text} and/or {@code blocks}; what is not sent is kept, {@code "blocks":[]} removes the blocks
     * (https://docs.slack.dev/reference/methods/chat.update).
     */
    private Reply update(ApiCall call) {
        Checked checked = check(call);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        String channel = checked.channel();
        String ts = text(checked.args(), "ts");
        if (ts == null || ts.isBlank()) {
            return apiError("message_not_found");
        }
        String text = checked.text();
        if (text == null && checked.blocks() == null) {
            return apiError("no_text");
        }
        OptionalLong retryAfter = faults.updateLimiter().acquire("app:" + call.token());
        if (retryAfter.isPresent()) {
            return rateLimited(Endpoint.CHAT_UPDATE, retryAfter.getAsLong());
        }
        SlackMessage updated;
        synchronized (messagesLock) {
            int index = indexOf(channel, ts);
            if (index < 0) {
                return apiError("message_not_found");
            }
            SlackMessage old = messages.get(index);
            String newText = text != null ? text : old.text();
            JsonNode newBlocks = checked.blocks() != null ? checked.blocks() : old.blocks();
            if (!hasContent(newText, newBlocks)) {
                return apiError("no_text");
            }
            updated = old.updatedBy(new SlackUpdate(
                    newText, newBlocks, Instant.now(), checked.args().deepCopy()));
            messages.set(index, updated);
        }
        LOG.debugf("Slack emulator: chat.update of %s in %s accepted", ts, channel);
        ObjectNode answer = json.createObjectNode();
        answer.put("ok", true);
        answer.put("channel", channelId(channel));
        answer.put("ts", updated.ts());
        answer.put("text", updated.text() == null ? "" : updated.text());
        answer.set("message", messageJson(updated));
        return jsonReply(answer);
    }

    private Optional<SlackMessage> find(String channel, String ts) {
        synchronized (messagesLock) {
            int index = indexOf(channel, ts);
            return index < 0 ? Optional.empty() : Optional.of(messages.get(index));
        }
    }

    /** Index of the chat.postMessage message at {@code ts} in {@code channel} (compared as IDs), or -1. */
    private int indexOf(String channel, String ts) {
        String id = channelId(channel);
        for (int i = 0; i < messages.size(); i++) {
            SlackMessage message = messages.get(i);
            if (message.channel() != null
                    && message.ts().equals(ts)
                    && channelId(message.channel()).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private ObjectNode postMessageAnswer(SlackMessage message) {
        ObjectNode answer = json.createObjectNode();
        answer.put("ok", true);
        answer.put("channel", channelId(message.channel()));
        answer.put("ts", message.ts());
        answer.set("message", messageJson(message));
        return answer;
    }

    private ObjectNode messageJson(SlackMessage message) {
        ObjectNode posted = json.createObjectNode();
        posted.put("user", "U0EMULATOR");
        posted.put("type", "message");
        posted.put("ts", message.ts());
        posted.put("bot_id", "B0EMULATOR");
        posted.put("app_id", "A0EMULATOR");
        posted.put("text", message.text() == null ? "" : message.text());
        posted.put("team", "T00000000");
        if (message.blocks() != null) {
            posted.set("blocks", message.blocks());
        }
        if (message.threadTs() != null) {
            posted.put("thread_ts", message.threadTs());
        }
        if (!message.updates().isEmpty()) {
            posted.putObject("edited").put("user", "U0EMULATOR").put("ts", message.ts());
        }
        return posted;
    }

    private SlackMessage record(
            String channel, String text, JsonNode blocks, String threadTs, SlackMessage.Via via, JsonNode payload) {
        synchronized (messagesLock) {
            Instant now = Instant.now();
            lastTsMicros = Math.max(ChronoUnit.MICROS.between(Instant.EPOCH, now), lastTsMicros + 1);
            String ts = String.format("%d.%06d", lastTsMicros / 1_000_000, lastTsMicros % 1_000_000);
            SlackMessage message = new SlackMessage(channel, text, blocks, threadTs, ts, via, now, payload.deepCopy());
            messages.add(message);
            return message;
        }
    }

    // ---- control ------------------------------------------------------------------------------------------------

    /** {@code POST /_emulator/faults}: a failure (201 with its listing) or the enforced rate limit (201). */
    private void postFault(RoutingContext ctx) {
        try {
            String raw = ctx.body().asString();
            JsonNode body = raw == null || raw.isBlank() ? null : json.readTree(raw);
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            if ("enforced-rate-limit".equals(body.path("kind").asText())) {
                FaultScope.requireKnownFields(body, Set.of("kind", "intervalMs", "burst"));
                long interval = body.hasNonNull("intervalMs")
                        ? FaultScope.requireLong(body.get("intervalMs"), "intervalMs")
                        : 1000;
                int burst = body.hasNonNull("burst") ? FaultScope.requireInt(body.get("burst"), "burst") : 1;
                enforceRateLimit(Duration.ofMillis(interval), burst);
                send(
                        ctx,
                        new Reply(
                                201,
                                APPLICATION_JSON,
                                json.createObjectNode()
                                        .set(
                                                "enforcedRateLimit",
                                                json.createObjectNode()
                                                        .put("intervalMs", interval)
                                                        .put("burst", burst))
                                        .toString()));
                return;
            }
            ActiveFault<SlackFault> active = faults.add(SlackFaults.fromJson(body));
            send(
                    ctx,
                    new Reply(
                            201,
                            APPLICATION_JSON,
                            SlackFaults.toJson(json, active).toString()));
        } catch (JsonProcessingException e) {
            send(ctx, new Reply(400, APPLICATION_JSON, errorJson("not JSON: " + e.getOriginalMessage())));
        } catch (IllegalArgumentException e) {
            send(ctx, new Reply(400, APPLICATION_JSON, errorJson(e.getMessage())));
        }
    }

    private String errorJson(String message) {
        return json.createObjectNode().put("error", message).toString();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Form bodies carry blocks as a JSON string; JSON bodies as an array. */
    private JsonNode parseBlocks(JsonNode raw) throws JsonProcessingException {
        if (raw == null || raw.isNull()) {
            return null;
        }
        return raw.isTextual() ? json.readTree(raw.textValue()) : raw;
    }

    private static boolean isBlocksArrayOrAbsent(JsonNode blocks) {
        return blocks == null || blocks.isArray();
    }

    private static boolean hasContent(String text, JsonNode blocks) {
        return (text != null && !text.isBlank()) || (blocks != null && blocks.isArray() && !blocks.isEmpty());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static boolean isForm(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.toLowerCase().startsWith(FORM);
    }

    /** A channel ID as Slack returns it: IDs pass through, names map to a stable fake ID. */
    static String channelId(String channel) {
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        if (CHANNEL_ID.matcher(name).matches()) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "C" + HexFormat.of().withUpperCase().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private Reply apiError(String error) {
        return jsonReply(Map.of("ok", false, "error", error));
    }

    private Reply jsonReply(Object body) {
        try {
            return new Reply(200, APPLICATION_JSON, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(RoutingContext ctx, Reply reply) {
        var response =
                ctx.response().setStatusCode(reply.status()).putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response::putHeader);
        response.end(reply.body());
    }

    /** One HTTP answer, computed before it is written. */
    private record Reply(int status, String contentType, String body, Map<String, String> headers) {
        Reply(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }
}
