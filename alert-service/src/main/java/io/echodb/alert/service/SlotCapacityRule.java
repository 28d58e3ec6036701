package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code slot-capacity}: replication slots in use on a source server reach {@code threshold} percent of
 * {@code max_replication_slots} (default 80 %). When none are left, new PeerDB mirrors fail at setup. Label
 * {@code source}.
 */
@Singleton
public class SlotCapacityRule extends BaseRule {

    /** The rule's name. */
    public static final String NAME = "slot-capacity";

    static final String TITLE = "Replication slot capacity";
    static final String HINT = "New mirrors need a free slot each (per-table strategy) and fail at setup without one."
            + " Drop unused slots, switch mirror-service to the shared strategy, or raise max_replication_slots"
            + " (needs a restart).";

    private final AlertConfig.SlotCapacity rule;

    public SlotCapacityRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().slotCapacity()));
        this.rule = config.rules().slotCapacity();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        return observation.sourceSnapshots().stream()
                .filter(snapshot -> snapshot.maxReplicationSlots() > 0)
                .map(this::evaluate)
                .toList();
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "Source " + key.labels().get("source") + " is no longer watched." + NOT_RECOVERED;
    }

    private Finding evaluate(SourceSnapshot snapshot) {
        long percent = Math.round(100.0 * snapshot.slotsInUse() / snapshot.maxReplicationSlots());
        boolean full = snapshot.slotsInUse() * 100L >= (long) rule.threshold() * snapshot.maxReplicationSlots();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Source", snapshot.source());
        facts.put(
                "Slots in use",
                snapshot.slotsInUse() + " of " + snapshot.maxReplicationSlots() + " (" + percent + " %)");
        facts.put("Threshold", rule.threshold() + " %");
        String summary = snapshot.slotsInUse() + " of " + snapshot.maxReplicationSlots() + " replication slots in use ("
                + percent + " %), threshold " + rule.threshold() + " %";
        return new Finding(
                AlertKey.of(NAME, "source", snapshot.source()),
                full ? rule.severity() : null,
                TITLE,
                summary,
                HINT,
                facts,
                snapshot.source(),
                null);
    }
}
