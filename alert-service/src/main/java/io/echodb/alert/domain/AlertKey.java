package io.echodb.alert.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Identity of an alert: the rule plus its labels (as in Alertmanager, only labels count, never the
 * annotations). Two evaluations with equal keys are the same alert.
 *
 * @param rule the rule's name, e.g. {@code slot-retained-wal}
 * @param labels label name to value, e.g. {@code source} and {@code slot}; kept sorted by name
 */
public record AlertKey(String rule, Map<String, String> labels) {

    public AlertKey {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** {@code rule{name=value,…}} with labels sorted by name, for logs. */
    @Override
    public String toString() {
        return labels.entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue())
                .collect(Collectors.joining(",", rule + "{", "}"));
    }
}
