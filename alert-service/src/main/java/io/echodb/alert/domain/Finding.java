package io.echodb.alert.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one rule found for one subject (one slot, one mirror…) in one poll cycle.
 *
 * @param key the alert this finding is about
 * @param severity how urgent the condition is; {@code null} when the condition does not hold (the alert, if
 *     firing, resolves)
 * @param title the rule in words, e.g. {@code Slot retained WAL}
 * @param summary one sentence on how bad it is against which threshold, e.g. {@code 6.1 GiB retained,
 *     critical threshold 4.9 GiB}
 * @param hint what a person should look at or do; may be empty
 * @param facts ordered name → value pairs shown with the alert (source, slot, values, thresholds, last error)
 * @param scope what had to be polled for this finding: a source name, {@link #PEERDB}, {@link #MIRROR_SERVICE} or
 *     {@link #SELF}; an alert whose subject is missing resolves only when its scope was polled successfully
 * @param since when the condition started, when the polled system says so (PostgreSQL 17's
 *     {@code inactive_since}, mirror-service's {@code eligibleSince}); {@code null} when unknown (the first poll
 *     that saw it counts)
 */
public record Finding(
        AlertKey key,
        Severity severity,
        String title,
        String summary,
        String hint,
        Map<String, String> facts,
        String scope,
        Instant since) {

    /** Scope of findings read from PeerDB. */
    public static final String PEERDB = "peerdb";

    /** Scope of findings read from mirror-service. */
    public static final String MIRROR_SERVICE = "mirror-service";

    /** Scope of findings about alert-service's own polling, always evaluated. */
    public static final String SELF = "alert-service";

    public Finding {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        hint = hint == null ? "" : hint;
    }

    /** Whether the rule's condition holds. */
    public boolean firing() {
        return severity != null;
    }

    /** Facts that name the subject (kept when it is gone); the others are measurements that went stale. */
    private static final java.util.Set<String> IDENTITY =
            java.util.Set.of("Source", "Slot", "Mirror", "Schema", "Table", "Destination", "Database user");

    /**
     * This finding with another summary and no severity: the subject is gone. Only the facts naming the subject
     * ({@code Source}, {@code Slot}, {@code Mirror}…) are kept; its last values would read as current.
     */
    public Finding gone(String goneSummary) {
        Map<String, String> names = new LinkedHashMap<>();
        facts.forEach((name, value) -> {
            if (IDENTITY.contains(name)) {
                names.put(name, value);
            }
        });
        return new Finding(key, null, title, goneSummary, "", names, scope, null);
    }
}
