package io.echodb.alert.service;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rule {@code slot-time-to-exhaustion}: {@code safe_wal_size} divided by the growth rate of the slot's retained WAL
 * (over {@code rate-window}, from {@link SlotHistory}) is the time until the slot is lost; warning under 24 h,
 * critical under 2 h by default. Only for slots with a {@code safe_wal_size}, i.e. when
 * {@code max_slot_wal_keep_size} is set (it is -1, unlimited, by default); a slot that does not grow is fine.
 */
@Singleton
public class SlotTimeToExhaustionRule extends SlotRule {

    /** The rule's name. */
    public static final String NAME = "slot-time-to-exhaustion";

    static final String TITLE = "Slot time to exhaustion";
    static final String HINT = "At this rate the slot passes max_slot_wal_keep_size and is invalidated; its mirror"
            + " would need a full resync. Get the consumer (the PeerDB mirror) to catch up, or raise"
            + " max_slot_wal_keep_size.";

    private final SlotHistory history;
    private final AlertConfig.SlotTimeToExhaustion rule;

    public SlotTimeToExhaustionRule(AlertConfig config, SlotHistory history) {
        super(NAME, RuleSettings.of(config, config.rules().slotTimeToExhaustion()));
        this.history = history;
        this.rule = config.rules().slotTimeToExhaustion();
    }

    @Override
    Optional<Finding> evaluate(SourceSnapshot snapshot, SlotSample slot, String mirror) {
        if (slot.safeWalSizeBytes() == null) {
            return Optional.empty();
        }
        Optional<Double> growth =
                history.retainedGrowthPerSecond(snapshot.source(), slot.slotName(), rule.rateWindow());
        if (growth.isEmpty()) {
            return Optional.empty();
        }
        double bytesPerSecond = growth.get();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(
                "Growth",
                humanReadable(Math.round(bytesPerSecond)) + "/s over the last "
                        + Durations.humanReadable(rule.rateWindow()));
        facts.put(
                "Thresholds",
                "warning " + Durations.humanReadable(rule.warning()) + ", critical "
                        + Durations.humanReadable(rule.critical()));
        if (bytesPerSecond <= 0) {
            return Optional.of(finding(
                    snapshot,
                    slot,
                    mirror,
                    null,
                    TITLE,
                    "Retained WAL is not growing; " + humanReadable(slot.safeWalSizeBytes()) + " safe WAL left",
                    HINT,
                    facts,
                    null));
        }
        Duration left =
                Duration.ofSeconds((long) Math.min(Long.MAX_VALUE / 2.0, slot.safeWalSizeBytes() / bytesPerSecond));
        Severity severity = left.compareTo(rule.critical()) < 0
                ? Severity.CRITICAL
                : left.compareTo(rule.warning()) < 0 ? Severity.WARNING : null;
        String summary = "Lost in about " + Durations.humanReadable(left) + " at "
                + humanReadable(Math.round(bytesPerSecond)) + "/s (" + humanReadable(slot.safeWalSizeBytes())
                + " safe WAL left)";
        return Optional.of(finding(snapshot, slot, mirror, severity, TITLE, summary, HINT, facts, null));
    }
}
