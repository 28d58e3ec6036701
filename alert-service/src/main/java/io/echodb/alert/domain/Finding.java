package io.echodb.alert.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one rule found for one subject (one slot, one mirror…) in one snapshot.
 *
 * @param key the alert this finding is about
 * @param severity how urgent the condition is; {@code null} when the condition does not hold (the alert, if
 *     firing, resolves)
 * @param title the rule in words, e.g. {@code Slot retained WAL}
 * @param summary one sentence on how bad it is against which threshold, e.g. {@code 6.1 GiB retained,
 *     critical threshold 4.9 GiB}
 * @param hint what a person should look at or do; may be empty
 * @param facts ordered name → value pairs shown with the alert (source, slot, values, thresholds)
 */
public record Finding(AlertKey key, Severity severity, String title, String summary, String hint,
        Map<String, String> facts) {

    public Finding {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** Whether the rule's condition holds. */
    public boolean firing() {
        return severity != null;
    }
}
