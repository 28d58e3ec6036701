package io.echodb.testing.peerdb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * JSON the way grpc-gateway v2.29.0 with its default protojson options reads and writes it (peerdb-api.md §2).
 *
 * <p>Reading: lowerCamelCase and snake_case field names are both accepted (snake_case names are rewritten to
 * their JSON names before binding, except the keys of map fields), unknown fields are ignored, 64-bit integers
 * may be numbers or strings, enums names or numbers, an empty body is an empty message. Writing: the message
 * records declare the JSON names, unpopulated fields are written ({@code ""}, {@code 0}, {@code []},
 * {@code {}}, {@code null} for unset messages), 64-bit integers carry {@code @JsonFormat(shape = STRING)},
 * doubles and floats below 1e21 are written without exponent and without a trailing {@code .0}, timestamps as
 * RFC 3339.
 */
final class ProtoJson {

    /** Fields of type {@code map<string, string>} whose keys are data, not field names. */
    private static final Set<String> MAP_FIELDS = Set.of("env", "updatedEnv");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("protojson-doubles")
                    .addSerializer(Double.class, new PlainNumberSerializer<>(Double.class))
                    .addSerializer(Double.TYPE, new PlainNumberSerializer<>(Double.class))
                    .addSerializer(Float.class, new PlainNumberSerializer<>(Float.class))
                    .addSerializer(Float.TYPE, new PlainNumberSerializer<>(Float.class)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ProtoJson() {}

    /** The mapper, for building ad-hoc nodes. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a request body into {@code type}.
     *
     * @throws ApiError InvalidArgument (HTTP 400) when the body is not a JSON object or a field has the wrong
     *     type, as grpc-gateway answers an unmarshal error
     */
    static <T> T readRequest(String body, Class<T> type) {
        try {
            JsonNode tree = body == null || body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            if (!tree.isObject()) {
                throw new ApiError(
                        GrpcCode.INVALID_ARGUMENT,
                        "proto: syntax error: unexpected token "
                                + tree.getNodeType().name().toLowerCase());
            }
            return MAPPER.treeToValue(jsonNames(tree), type);
        } catch (JsonProcessingException e) {
            throw new ApiError(GrpcCode.INVALID_ARGUMENT, "proto: " + e.getOriginalMessage());
        }
    }

    /** A copy of {@code tree} with every field name outside map fields rewritten to its lowerCamel JSON name. */
    static JsonNode jsonNames(JsonNode tree) {
        if (tree.isArray()) {
            var copy = MAPPER.createArrayNode();
            tree.forEach(element -> copy.add(jsonNames(element)));
            return copy;
        }
        if (!tree.isObject()) {
            return tree;
        }
        ObjectNode copy = MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = jsonName(field.getKey());
            copy.set(name, MAP_FIELDS.contains(name) ? field.getValue() : jsonNames(field.getValue()));
        }
        return copy;
    }

    /** protoc's JSON name rule: drop each underscore and upper-case the letter after it. */
    static String jsonName(String protoName) {
        StringBuilder name = new StringBuilder(protoName.length());
        boolean upper = false;
        for (char c : protoName.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    /** Serialises a response message. */
    static String write(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message as a JSON tree (for snapshots and recorded requests). */
    static JsonNode tree(Object message) {
        return MAPPER.valueToTree(message);
    }

    /** A copy of an immutable message with some JSON fields changed. */
    @SuppressWarnings("unchecked")
    static <T> T with(T message, Consumer<ObjectNode> change) {
        ObjectNode tree = MAPPER.valueToTree(message);
        change.accept(tree);
        try {
            return (T) MAPPER.treeToValue(tree, message.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot rebuild " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * protojson writes doubles and floats in plain notation below 1e21, in their shortest form
     * ({@code 1755770398001}, not {@code 1.755770398001E12}; {@code 12}, not {@code 12.0}).
     */
    private static final class PlainNumberSerializer<T extends Number> extends StdSerializer<T> {

        PlainNumberSerializer(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            double number = value.doubleValue();
            double abs = Math.abs(number);
            if (Double.isFinite(number) && (abs == 0 || (abs >= 1e-6 && abs < 1e21))) {
                generator.writeNumber(
                        new BigDecimal(value.toString()).stripTrailingZeros().toPlainString());
            } else {
                generator.writeNumber(number);
            }
        }
    }
}
