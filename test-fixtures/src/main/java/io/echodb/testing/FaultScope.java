package io.echodb.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When an emulator fault applies: to the next {@code times} matching requests (null = every one), for
 * {@code duration} after it was switched on (null = until cleared), and to each matching request with
 * {@code probability} (1 = always; 0.3 = an error rate of about 30 %). A request that loses the probability
 * roll does not use up one of the {@code times}.
 *
 * @param times how many matching requests the fault hits, at least 1; null = unlimited
 * @param duration how long the fault stays switched on, positive; null = until cleared
 * @param probability chance that a matching request is hit, in (0, 1]
 */
public record FaultScope(Integer times, Duration duration, double probability) {

    /** Every matching request until cleared. */
    public static final FaultScope ALWAYS = new FaultScope(null, null, 1.0);

    /** The JSON field names {@link #fromJson(JsonNode)} reads. */
    public static final Set<String> JSON_FIELDS = Set.of("times", "durationMs", "probability");

    /** @throws IllegalArgumentException naming the offending value */
    public FaultScope {
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1], was " + probability);
        }
    }

    /** This scope limited to the next {@code n} matching requests. */
    public FaultScope withTimes(int n) {
        return new FaultScope(n, duration, probability);
    }

    /** This scope limited to {@code d} from the moment the fault is switched on. */
    public FaultScope withDuration(Duration d) {
        return new FaultScope(times, Objects.requireNonNull(d, "duration"), probability);
    }

    /** This scope hitting each matching request with probability {@code p}. */
    public FaultScope withProbability(double p) {
        return new FaultScope(times, duration, p);
    }

    /**
     * Reads {@code times} (integer), {@code durationMs} (integer milliseconds) and {@code probability} (number)
     * from a control request; absent fields keep {@link #ALWAYS}'s values.
     *
     * @throws IllegalArgumentException when a field has the wrong type or an invalid value
     */
    public static FaultScope fromJson(JsonNode json) {
        JsonNode times = json.get("times");
        JsonNode duration = json.get("durationMs");
        JsonNode probability = json.get("probability");
        return new FaultScope(
                times == null || times.isNull() ? null : requireInt(times, "times"),
                duration == null || duration.isNull() ? null : Duration.ofMillis(requireLong(duration, "durationMs")),
                probability == null || probability.isNull() ? 1.0 : requireNumber(probability, "probability"));
    }

    /**
     * Writes this scope and the state of {@code active} into a control listing: {@code times}, {@code durationMs},
     * {@code probability}, {@code remaining}, {@code expiresAt} (RFC 3339), {@code triggered}.
     */
    public void writeJson(ObjectNode json, ActiveFault<?> active) {
        json.put("times", times);
        json.put("durationMs", duration == null ? null : duration.toMillis());
        json.put("probability", probability);
        json.put("remaining", active.remaining());
        json.put(
                "expiresAt",
                active.expiresAt() == null ? null : active.expiresAt().toString());
        json.put("triggered", active.triggered());
    }

    /**
     * Rejects a control request with a field outside {@code allowed}, so that a typo does not silently switch on
     * a different fault.
     *
     * @throws IllegalArgumentException naming the unknown field
     */
    public static void requireKnownFields(JsonNode json, Set<String> allowed) {
        json.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("unknown field \"" + field + "\"; known fields: "
                        + allowed.stream().sorted().toList());
            }
        });
    }

    /** A required integer field. */
    public static int requireInt(JsonNode value, String field) {
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return value.intValue();
    }

    /** A required long field. */
    public static long requireLong(JsonNode value, String field) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return value.longValue();
    }

    /**
     * An optional string field; null when absent or JSON null.
     *
     * @throws IllegalArgumentException when present but not a string
     */
    public static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    private static double requireNumber(JsonNode value, String field) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return value.doubleValue();
    }
}
