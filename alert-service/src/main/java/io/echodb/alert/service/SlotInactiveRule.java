package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule {@code slot-inactive}: no consumer connected ({@code active = false}) for longer than {@code for} (default
 * 10 min, awesome-prometheus-alerts' value), counted from {@code inactive_since} on PostgreSQL 17+, else from the
 * first poll that saw it inactive; on 18 it says when {@code idle_replication_slot_timeout} invalidates the slot.
 * Timing details: docs/architecture.md §Slot inactivity.
 */
@Singleton
public class SlotInactiveRule extends SlotRule {

    /** The rule's name. */
    public static final String NAME = "slot-inactive";

    static final String TITLE = "Slot inactive";
    static final String HINT = "Nothing consumes this slot, and it keeps all WAL from its restart_lsn. Resume or"
            + " repair the PeerDB mirror that uses it; if nothing uses it any more, drop it with"
            + " pg_drop_replication_slot().";

    private final AlertConfig.SlotInactive rule;

    /** Before PostgreSQL 17: source NUL slot → the first poll that saw the slot inactive. */
    private final Map<String, Instant> firstSeenInactive = new ConcurrentHashMap<>();

    public SlotInactiveRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().slotInactive()));
        this.rule = config.rules().slotInactive();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        for (SourceSnapshot snapshot : observation.sourceSnapshots()) {
            Set<String> present = new HashSet<>();
            snapshot.slots().forEach(slot -> present.add(key(snapshot, slot)));
            firstSeenInactive
                    .keySet()
                    .removeIf(key -> key.startsWith(snapshot.source() + "\u0000") && !present.contains(key));
        }
        return super.evaluate(observation);
    }

    @Override
    Optional<Finding> evaluate(SourceSnapshot snapshot, SlotSample slot, String mirror) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Threshold", "inactive for " + Durations.humanReadable(rule.forDuration()));
        if (slot.inactiveSince() != null) {
            facts.put("Inactive since", slot.inactiveSince().toString());
        }
        Instant seenSince = seenInactiveSince(snapshot, slot);
        if (seenSince != null) {
            facts.put(
                    "Seen inactive since",
                    seenSince + " (PostgreSQL " + snapshot.serverMajorVersion()
                            + " has no inactive_since: counted from alert-service's polls)");
        }
        Duration idleTimeout = snapshot.idleReplicationSlotTimeout();
        String invalidation = "";
        if (idleTimeout != null && slot.inactiveSince() != null && !slot.active()) {
            facts.put(
                    "Invalidated by PostgreSQL after",
                    "at the first checkpoint after "
                            + slot.inactiveSince().plus(idleTimeout) + " (idle_replication_slot_timeout = "
                            + Durations.humanReadable(idleTimeout) + ")");
            invalidation = "; PostgreSQL invalidates it once idle for " + Durations.humanReadable(idleTimeout);
        }
        String summary = slot.active()
                ? "A consumer is connected again."
                : slot.inactiveSince() != null
                        ? "No consumer connected for "
                                + Durations.humanReadable(Duration.between(slot.inactiveSince(), snapshot.polledAt()))
                                + invalidation
                        : seenSince.equals(snapshot.polledAt())
                                ? "No consumer connected"
                                : "No consumer connected for at least "
                                        + Durations.humanReadable(Duration.between(seenSince, snapshot.polledAt()));
        return Optional.of(finding(
                snapshot,
                slot,
                mirror,
                slot.active() ? null : rule.severity(),
                TITLE,
                summary,
                HINT,
                facts,
                slot.active() ? null : slot.inactiveSince()));
    }

    /** Before 17 the first poll that saw the slot inactive (remembered here); null when active or from 17 on. */
    private Instant seenInactiveSince(SourceSnapshot snapshot, SlotSample slot) {
        String key = key(snapshot, slot);
        if (slot.active() || slot.inactiveSince() != null) {
            firstSeenInactive.remove(key);
            return null;
        }
        return firstSeenInactive.computeIfAbsent(key, ignored -> snapshot.polledAt());
    }

    private static String key(SourceSnapshot snapshot, SlotSample slot) {
        return snapshot.source() + "\u0000" + slot.slotName();
    }
}
