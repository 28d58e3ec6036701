package io.echodb.alert.service;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Rule {@code slot-retained-wal}: the WAL a slot keeps on the source's disk,
 * {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}, is over {@code warning} (default 1 GiB) or
 * {@code critical} (default 5000 MiB, PeerDB's own default).
 */
@Singleton
public class SlotRetainedWalRule extends SlotRule {

    /** The rule's name. */
    public static final String NAME = "slot-retained-wal";

    static final String TITLE = "Slot retained WAL";
    static final String HINT = "PostgreSQL keeps all WAL from the slot's restart_lsn until its consumer confirms it."
            + " Check that the consumer (the PeerDB mirror using this slot) is running and keeping up;"
            + " drop the slot if nothing uses it any more.";

    private final long warningBytes;
    private final long criticalBytes;

    public SlotRetainedWalRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().slotRetainedWal()));
        AlertConfig.SlotRetainedWal rule = config.rules().slotRetainedWal();
        this.warningBytes = rule.warning().asLongValue();
        this.criticalBytes = rule.critical().asLongValue();
    }

    @Override
    Optional<Finding> evaluate(SourceSnapshot snapshot, SlotSample slot, String mirror) {
        Long retained = slot.retainedWalBytes();
        Severity severity = retained == null || retained <= warningBytes
                ? null
                : retained > criticalBytes ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(finding(
                snapshot,
                slot,
                mirror,
                severity,
                TITLE,
                summary(retained, severity),
                HINT,
                Map.of(
                        "Thresholds",
                        "warning " + humanReadable(warningBytes) + ", critical " + humanReadable(criticalBytes)),
                null));
    }

    private String summary(Long retained, Severity severity) {
        if (retained == null) {
            return "The slot has no restart_lsn and retains no WAL.";
        }
        if (severity == null) {
            return humanReadable(retained) + " retained, under the warning threshold " + humanReadable(warningBytes);
        }
        long threshold = severity == Severity.CRITICAL ? criticalBytes : warningBytes;
        return humanReadable(retained) + " retained, " + severity.label() + " threshold " + humanReadable(threshold);
    }
}
