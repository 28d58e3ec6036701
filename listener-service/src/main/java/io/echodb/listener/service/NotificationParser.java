package io.echodb.listener.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.echodb.listener.domain.EventType;
import io.echodb.listener.domain.TableNotification;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Turns a notification payload (docs/contracts.md §1, or the replaced worker's) into a
 * {@link TableNotification}, or says why it cannot. Strict about types: {@code "oid":"16423"} is rejected, not
 * coerced. Unknown fields are ignored so that later payload additions stay readable.
 */
@ApplicationScoped
public class NotificationParser {

    /** Largest payload read, in UTF-8 bytes. The trigger's payloads stay under 300 bytes. */
    public static final int MAX_PAYLOAD_BYTES = 1024;

    /** Longest PostgreSQL identifier in bytes (NAMEDATALEN − 1). */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** Rejection reason: the payload is longer than {@value #MAX_PAYLOAD_BYTES} bytes. */
    public static final String OVERSIZED = "oversized";

    /** Rejection reason: the payload is empty or not JSON. */
    public static final String MALFORMED = "malformed";

    /** Rejection reason: JSON, but a field is missing or has the wrong type or value. */
    public static final String INVALID = "invalid";

    /** Rejection reason: {@code v} is not a version this service understands. */
    public static final String UNSUPPORTED_VERSION = "unsupported-version";

    private static final long MAX_OID = 4_294_967_295L;

    private static final String IDENTIFIERS_REQUIRED =
            "\"schema\" and \"table\" must be strings of 1 to " + MAX_IDENTIFIER_BYTES + " bytes";

    private final ObjectReader reader;

    public NotificationParser(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Outcome of {@link #parse(String)}. */
    public sealed interface Result {

        /** The payload is a valid notification. */
        record Accepted(TableNotification notification) implements Result {}

        /**
         * The payload was refused.
         *
         * @param reason one of {@link #OVERSIZED}, {@link #MALFORMED}, {@link #INVALID},
         *     {@link #UNSUPPORTED_VERSION} (a metric tag)
         * @param detail what was wrong, for the log line
         */
        record Rejected(String reason, String detail) implements Result {}
    }

    /** Parses one payload of the event trigger (docs/contracts.md §1); never throws. */
    public Result parse(String payload) {
        return parse(payload, NotificationParser::fromObject);
    }

    /**
     * Parses one payload of the replaced Python worker's trigger, {@code {"schema":"…","table":"…",
     * "timestamp":…}}: {@code schema} and {@code table} required (1–63 bytes), {@code timestamp} optional
     * (string or number, not used), other fields ignored. The result is a CREATED notification without OID;
     * never throws.
     */
    public Result parseLegacy(String payload) {
        return parse(payload, NotificationParser::fromLegacyObject);
    }

    private Result parse(String payload, Function<JsonNode, Result> fields) {
        if (payload == null || payload.isBlank()) {
            return new Result.Rejected(MALFORMED, "empty payload");
        }
        int bytes = payload.length() > MAX_PAYLOAD_BYTES
                ? payload.length()
                : payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            return new Result.Rejected(
                    OVERSIZED, "payload of at least " + bytes + " bytes, limit " + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = reader.readTree(payload);
        } catch (JacksonException e) {
            return new Result.Rejected(MALFORMED, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return new Result.Rejected(INVALID, "not a JSON object");
        }
        return fields.apply(root);
    }

    private static Result fromObject(JsonNode root) {
        JsonNode version = root.get("v");
        if (version == null || !version.isIntegralNumber()) {
            return new Result.Rejected(INVALID, "\"v\" must be an integer");
        }
        if (!version.canConvertToInt() || version.intValue() != 1) {
            return new Result.Rejected(UNSUPPORTED_VERSION, "payload version " + version + ", expected 1");
        }
        JsonNode event = root.get("event");
        EventType type = event != null && event.isTextual() ? eventType(event.textValue()) : null;
        if (type == null) {
            return new Result.Rejected(INVALID, "\"event\" must be \"CREATED\" or \"DROPPED\"");
        }
        JsonNode oid = root.get("oid");
        if (oid == null
                || !oid.isIntegralNumber()
                || !oid.canConvertToLong()
                || oid.longValue() < 1
                || oid.longValue() > MAX_OID) {
            return new Result.Rejected(INVALID, "\"oid\" must be an integer between 1 and " + MAX_OID);
        }
        JsonNode tag = root.get("tag");
        if (tag != null && !tag.isNull() && !tag.isTextual()) {
            return new Result.Rejected(INVALID, "\"tag\" must be a string");
        }
        String schema = identifier(root, "schema");
        String table = identifier(root, "table");
        if (schema == null || table == null) {
            return new Result.Rejected(INVALID, IDENTIFIERS_REQUIRED);
        }
        String commandTag = tag == null || tag.isNull() ? null : tag.textValue();
        return new Result.Accepted(new TableNotification(type, commandTag, oid.longValue(), schema, table));
    }

    private static Result fromLegacyObject(JsonNode root) {
        String schema = identifier(root, "schema");
        String table = identifier(root, "table");
        if (schema == null || table == null) {
            return new Result.Rejected(INVALID, IDENTIFIERS_REQUIRED);
        }
        JsonNode timestamp = root.get("timestamp");
        if (timestamp != null && !timestamp.isNull() && !timestamp.isTextual() && !timestamp.isNumber()) {
            return new Result.Rejected(INVALID, "\"timestamp\" must be a string or a number");
        }
        return new Result.Accepted(new TableNotification(EventType.CREATED, null, null, schema, table));
    }

    private static EventType eventType(String value) {
        return switch (value) {
            case "CREATED" -> EventType.CREATED;
            case "DROPPED" -> EventType.DROPPED;
            default -> null;
        };
    }

    private static String identifier(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            return null;
        }
        String value = node.textValue();
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= MAX_IDENTIFIER_BYTES ? value : null;
    }
}
