package io.echodb.alert.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Identity of an alert: the rule plus its labels (as in Alertmanager, only labels count, never the
 * annotations). Two keys are equal when rule and label values are, whatever the label order.
 *
 * @param rule the rule's name, e.g. {@code slot-retained-wal}
 * @param labels label name to value, most general first (e.g. {@code source}, then {@code slot}); this order is
 *     the order they are shown in
 */
public record AlertKey(String rule, Map<String, String> labels) {

    public AlertKey {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /**
     * A key from alternating label names and values, most general first.
     *
     * @throws IllegalArgumentException when a name has no value
     */
    public static AlertKey of(String rule, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Label " + namesAndValues[namesAndValues.length - 1] + " has no value");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new AlertKey(rule, labels);
    }

    /**
     * Stable identity for storage: SHA-256 (hex, 32 characters kept) over the rule and the labels sorted by name,
     * each part followed by a 0xFF byte, as Alertmanager's {@code hashAlert} does.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder(rule).append('\uffff');
        new TreeMap<>(labels)
                .forEach((name, value) ->
                        canonical.append(name).append('\uffff').append(value).append('\uffff'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The label values joined by {@code /}, e.g. {@code postgres_main/peerflow_slot_orders}; the rule when none. */
    public String subject() {
        return labels.isEmpty() ? rule : String.join("/", labels.values());
    }

    /** {@code rule{name=value,…}}, for logs. */
    @Override
    public String toString() {
        return labels.entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue())
                .collect(Collectors.joining(",", rule + "{", "}"));
    }
}
