package io.echodb.testing.peerdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * A protobuf enum as protojson reads it: by value name (exact, case-sensitive) or by number; JSON
 * {@code null} means value 0. Written as the name (Jackson's default for enums).
 */
interface ProtoEnum {

    /** The protobuf number of this value: its declaration index, unless the enum overrides it (gaps). */
    default int number() {
        return ((Enum<?>) this).ordinal();
    }

    /**
     * Reads {@code node} as a value of {@code type}.
     *
     * @throws IllegalArgumentException naming the offending value, as protojson rejects it
     */
    static <E extends Enum<E> & ProtoEnum> E parse(Class<E> type, JsonNode node) {
        E[] values = type.getEnumConstants();
        if (node == null || node.isNull()) {
            return byNumber(values, 0, node);
        }
        if (node.isIntegralNumber()) {
            return byNumber(values, node.asInt(), node);
        }
        if (node.isTextual()) {
            return Arrays.stream(values)
                    .filter(value -> value.name().equals(node.textValue()))
                    .findFirst()
                    .orElseThrow(() -> invalid(type, node));
        }
        throw invalid(type, node);
    }

    private static <E extends Enum<E> & ProtoEnum> E byNumber(E[] values, int number, JsonNode node) {
        return Arrays.stream(values)
                .filter(value -> value.number() == number)
                .findFirst()
                .orElseThrow(() -> invalid(values[0].getDeclaringClass(), node));
    }

    private static IllegalArgumentException invalid(Class<?> type, JsonNode node) {
        return new IllegalArgumentException("invalid value for enum " + type.getSimpleName() + ": " + node);
    }
}
