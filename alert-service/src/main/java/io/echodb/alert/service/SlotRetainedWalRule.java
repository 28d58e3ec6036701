package io.echodb.alert.service;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code slot-retained-wal} (design §5): the WAL a replication slot keeps on the source's disk,
 * {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}, is over
 * {@code echodb.alert.rules.slot-retained-wal.warning} (severity warning) or {@code …critical} (severity
 * critical). Labels: {@code source}, {@code slot}. A slot without {@code restart_lsn} retains nothing.
 */
@ApplicationScoped
public class SlotRetainedWalRule implements AlertRule {

    /** The rule's name. */
    public static final String NAME = "slot-retained-wal";

    static final String TITLE = "Slot retained WAL";
    static final String HINT = "PostgreSQL keeps all WAL from the slot's restart_lsn until its consumer confirms it."
            + " Check that the consumer (the PeerDB mirror using this slot) is running and keeping up;"
            + " drop the slot if nothing uses it any more.";

    private final long warningBytes;
    private final long criticalBytes;

    public SlotRetainedWalRule(AlertConfig config) {
        this.warningBytes = config.rules().slotRetainedWal().warning().asLongValue();
        this.criticalBytes = config.rules().slotRetainedWal().critical().asLongValue();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SourceSnapshot snapshot) {
        return snapshot.slots().stream().map(slot -> evaluate(snapshot.source(), slot)).toList();
    }

    @Override
    public String goneSummary() {
        return "The slot no longer exists.";
    }

    private Finding evaluate(String source, SlotSample slot) {
        AlertKey key = AlertKey.of(NAME, "source", source, "slot", slot.slotName());
        Long retained = slot.retainedWalBytes();
        Severity severity = severity(retained);
        return new Finding(key, severity, TITLE, summary(retained, severity), HINT, facts(source, slot));
    }

    private Severity severity(Long retained) {
        if (retained == null || retained <= warningBytes) {
            return null;
        }
        return retained > criticalBytes ? Severity.CRITICAL : Severity.WARNING;
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

    private Map<String, String> facts(String source, SlotSample slot) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Source", source);
        facts.put("Slot", slot.slotName());
        facts.put("Retained WAL", slot.retainedWalBytes() == null ? "none" : humanReadable(slot.retainedWalBytes()));
        facts.put("Thresholds", "warning " + humanReadable(warningBytes) + ", critical " + humanReadable(criticalBytes));
        facts.put("Active", slot.active() ? "yes" : "no (no consumer connected)");
        facts.put("WAL status", slot.walStatus() == null ? "unknown" : slot.walStatus());
        if (slot.safeWalSizeBytes() != null) {
            facts.put("Safe WAL size", humanReadable(slot.safeWalSizeBytes()));
        }
        facts.put("Type", slot.plugin() == null ? slot.slotType() : slot.slotType() + " (" + slot.plugin() + ")");
        if (slot.database() != null) {
            facts.put("Database", slot.database());
        }
        facts.put("Restart LSN", slot.restartLsn() == null ? "none" : slot.restartLsn());
        return facts;
    }
}
