package io.echodb.testing.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.echodb.testing.EmulatorHttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * An in-memory stand-in for Slack's incoming webhooks and Web API {@code chat.postMessage}, for tests and the
 * local stack. It answers the way Slack documents (https://api.slack.com/messaging/webhooks,
 * https://docs.slack.dev/reference/methods/chat.postMessage) and records every accepted message.
 *
 * <p>Served paths:
 * <ul>
 *   <li>{@code POST /services/{team}/{bot}/{secret}}: incoming webhook. JSON body (or form field
 *       {@code payload}) {@code {"text": …, "blocks": […], …}} → 200 {@code text/plain} {@code ok}; malformed
 *       JSON → 400 {@code invalid_payload}; neither text nor blocks → 400 {@code no_text}.</li>
 *   <li>{@code POST /api/chat.postMessage}: JSON or form body, token as {@code Authorization: Bearer xoxb-…}
 *       (or the form field {@code token}). Always HTTP 200: {@code {"ok":false,"error":"not_authed"}} without a
 *       token, {@code invalid_json} for an unparsable JSON body, {@code channel_not_found} without a channel,
 *       {@code invalid_blocks} when blocks are not a JSON array, {@code no_text} without text and blocks;
 *       otherwise {@code {"ok":true,"channel":"C…","ts":"…","message":{…}}} with a unique, increasing ts.
 *       A channel given by name is answered with a stable fake ID ({@code C} + 10 hex digits).</li>
 *   <li>{@code GET /api/messages}: everything accepted, oldest first (see {@link SlackMessage} for the
 *       fields). This one path is not Slack's; it is fixed by {@code docs/contracts.md}.</li>
 *   <li>any other {@code /api/<method>}: 200 {@code {"ok":false,"error":"unknown_method"}}, as Slack does.</li>
 *   <li>{@code POST /_emulator/reset}: forgets all messages, 204.</li>
 * </ul>
 *
 * <p>Any token is accepted; webhook paths are not checked against a registry. Failure modes (rate limiting with
 * {@code Retry-After}, 5xx, {@code invalid_auth}, {@code no_service}, {@code chat.update}) come in a later
 * change: every answer is computed as a {@code Reply} and written in one place, which is where a failure-mode
 * switch will substitute its own reply.
 *
 * <p>Usage: {@code SlackEmulator slack = new SlackEmulator().start(); … slack.webhookUrl() … slack.stop();}
 * Thread-safe.
 */
public final class SlackEmulator implements AutoCloseable {

    /** Path part of {@link #webhookUrl()}: an obviously fake team, bot and secret. */
    public static final String WEBHOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

    private static final Logger LOG = Logger.getLogger(SlackEmulator.class);
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{8,}");
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final String APPLICATION_JSON = "application/json; charset=utf-8";
    private static final long BODY_LIMIT_BYTES = 1024 * 1024;

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final EmulatorHttpServer server = new EmulatorHttpServer("Slack emulator");
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

    /** Every accepted message, oldest first; an immutable snapshot. */
    public List<SlackMessage> messages() {
        synchronized (messagesLock) {
            return List.copyOf(messages);
        }
    }

    /** Forgets all recorded messages (same as {@code POST /_emulator/reset}). */
    public void reset() {
        synchronized (messagesLock) {
            messages.clear();
        }
    }

    private Router routes(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.post("/services/:team/:bot/:secret").handler(ctx -> send(ctx, webhook(ctx)));
        router.post("/api/chat.postMessage").handler(ctx -> send(ctx, postMessage(ctx)));
        router.get("/api/messages").handler(ctx -> send(ctx, jsonReply(messages())));
        router.route("/api/:method").handler(ctx -> send(ctx, apiError("unknown_method")));
        router.post("/_emulator/reset").handler(ctx -> {
            reset();
            ctx.response().setStatusCode(204).end();
        });
        return router;
    }

    private Reply webhook(RoutingContext ctx) {
        JsonNode payload;
        JsonNode blocks;
        try {
            String raw = isForm(ctx) ? ctx.request().getFormAttribute("payload") : ctx.body().asString();
            payload = raw == null || raw.isBlank() ? null : json.readTree(raw);
            blocks = payload == null ? null : blocks(payload.get("blocks"));
        } catch (JsonProcessingException e) {
            return new Reply(400, TEXT_PLAIN, "invalid_payload");
        }
        if (payload == null || !payload.isObject() || !isBlocksArrayOrAbsent(blocks)) {
            return new Reply(400, TEXT_PLAIN, "invalid_payload");
        }
        String text = text(payload, "text");
        if (!hasContent(text, blocks)) {
            return new Reply(400, TEXT_PLAIN, "no_text");
        }
        SlackMessage message = record(null, text, blocks, null, SlackMessage.Via.WEBHOOK, payload);
        LOG.debugf("Slack emulator: webhook message %s accepted", message.ts());
        return new Reply(200, TEXT_PLAIN, "ok");
    }

    private Reply postMessage(RoutingContext ctx) {
        String token = bearerToken(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        ObjectNode args;
        if (isForm(ctx)) {
            args = json.createObjectNode();
            ctx.request().formAttributes().forEach(entry -> args.put(entry.getKey(), entry.getValue()));
            token = token != null ? token : text(args, "token");
        } else {
            if (token == null) {
                return apiError("not_authed");
            }
            try {
                JsonNode body = json.readTree(ctx.body().asString());
                if (body == null || !body.isObject()) {
                    return apiError("invalid_json");
                }
                args = (ObjectNode) body;
            } catch (JsonProcessingException e) {
                return apiError("invalid_json");
            }
        }
        args.remove("token");
        if (token == null || token.isBlank()) {
            return apiError("not_authed");
        }
        String channel = text(args, "channel");
        if (channel == null || channel.isBlank()) {
            return apiError("channel_not_found");
        }
        JsonNode blocks;
        try {
            blocks = blocks(args.get("blocks"));
        } catch (JsonProcessingException e) {
            return apiError("invalid_blocks");
        }
        if (!isBlocksArrayOrAbsent(blocks)) {
            return apiError("invalid_blocks");
        }
        String text = text(args, "text");
        if (!hasContent(text, blocks)) {
            return apiError("no_text");
        }
        String threadTs = text(args, "thread_ts");
        SlackMessage message = record(channel, text, blocks, threadTs, SlackMessage.Via.CHAT_POST_MESSAGE, args);
        LOG.debugf("Slack emulator: chat.postMessage %s to %s accepted", message.ts(), channel);
        return jsonReply(postMessageAnswer(message));
    }

    private ObjectNode postMessageAnswer(SlackMessage message) {
        ObjectNode answer = json.createObjectNode();
        answer.put("ok", true);
        answer.put("channel", channelId(message.channel()));
        answer.put("ts", message.ts());
        ObjectNode posted = answer.putObject("message");
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
        return answer;
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

    /** Form bodies carry blocks as a JSON string; JSON bodies as an array. */
    private JsonNode blocks(JsonNode raw) throws JsonProcessingException {
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
        ctx.response()
                .setStatusCode(reply.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
                .end(reply.body());
    }

    /** One HTTP answer, computed before it is written. */
    private record Reply(int status, String contentType, String body) {}
}
