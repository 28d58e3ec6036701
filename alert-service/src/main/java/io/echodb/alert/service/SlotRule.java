package io.echodb.alert.service;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.MirrorServiceSnapshot.PauseCycle;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule about each replication slot of each source polled successfully. Keys carry labels {@code source} and
 * {@code slot}; facts name the PeerDB mirror whose slot it is, when PeerDB was polled.
 */
abstract class SlotRule extends BaseRule {

    SlotRule(String name, RuleSettings settings) {
        super(name, settings);
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        Map<String, String> mirrors = mirrorsBySlot(observation);
        Map<String, PauseCycle> cycles = PauseContext.byMirror(observation);
        List<Finding> findings = new ArrayList<>();
        for (SourceSnapshot snapshot : observation.sourceSnapshots()) {
            for (SlotSample slot : snapshot.slots()) {
                String mirror = mirrors.get(snapshot.source() + "\u0000" + slot.slotName());
                Optional<PauseCycle> cycle = PauseContext.forSlot(cycles, snapshot.source(), slot.slotName(), mirror);
                evaluate(snapshot, slot, mirror)
                        .map(finding -> cycle.map(c -> PauseContext.explained(finding, c, observation.at()))
                                .orElse(finding))
                        .ifPresent(findings::add);
            }
        }
        return findings;
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "Slot " + key.labels().get("slot") + " no longer exists on "
                + key.labels().get("source") + " (dropped, or the source was replaced)." + NOT_RECOVERED;
    }

    /**
     * The finding for one slot.
     *
     * @param mirror the PeerDB mirror using the slot, or {@code null}
     * @return empty when the rule cannot judge this slot (e.g. no {@code safe_wal_size})
     */
    abstract Optional<Finding> evaluate(SourceSnapshot snapshot, SlotSample slot, String mirror);

    /** A finding with the rule's own facts first, then the slot's. */
    Finding finding(
            SourceSnapshot snapshot,
            SlotSample slot,
            String mirror,
            Severity severity,
            String title,
            String summary,
            String hint,
            Map<String, String> ruleFacts,
            Instant since) {
        AlertKey key = AlertKey.of(name(), "source", snapshot.source(), "slot", slot.slotName());
        Map<String, String> facts = new LinkedHashMap<>(ruleFacts);
        facts.putAll(slotFacts(snapshot.source(), slot, mirror));
        return new Finding(key, severity, title, summary, hint, facts, snapshot.source(), since);
    }

    static Map<String, String> slotFacts(String source, SlotSample slot, String mirror) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Source", source);
        facts.put("Slot", slot.slotName());
        if (mirror != null) {
            facts.put("Mirror", mirror);
        }
        facts.put("Retained WAL", slot.retainedWalBytes() == null ? "none" : humanReadable(slot.retainedWalBytes()));
        if (slot.consumerLagBytes() != null) {
            facts.put("Consumer lag", humanReadable(slot.consumerLagBytes()));
        }
        facts.put(
                "Active",
                slot.active()
                        ? "yes" + (slot.walsenderState() == null ? "" : " (" + slot.walsenderState() + ")")
                        : "no (no consumer connected)");
        facts.put("WAL status", slot.walStatus() == null ? "unknown" : slot.walStatus());
        if (slot.safeWalSizeBytes() != null) {
            facts.put("Safe WAL size", humanReadable(slot.safeWalSizeBytes()));
        }
        facts.put("Type", slot.plugin() == null ? slot.slotType() : slot.slotType() + " (" + slot.plugin() + ")");
        facts.put("Restart LSN", slot.restartLsn() == null ? "none" : slot.restartLsn());
        return facts;
    }

    private static Map<String, String> mirrorsBySlot(Observation observation) {
        Map<String, String> mirrors = new HashMap<>();
        for (MirrorSample mirror : observation.peerdb().value().orElse(List.of())) {
            if (mirror.slotName() != null && mirror.source() != null) {
                mirrors.putIfAbsent(mirror.source() + "\u0000" + mirror.slotName(), mirror.name());
            }
        }
        return mirrors;
    }
}
