package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorServiceSnapshot.SkippedTable;
import io.echodb.alert.domain.Observation;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code table-skipped}: mirror-service will not mirror a new table (no primary key or replica identity,
 * unlogged, refused by PeerDB). A warning told once: by default it never repeats and sends no resolved message
 * (override with {@code repeat-interval} and {@code send-resolved}). Labels {@code source}, {@code table}.
 */
@Singleton
public class TableSkippedRule extends BaseRule {

    /** The rule's name. */
    public static final String NAME = "table-skipped";

    static final String TITLE = "Table skipped";
    static final String HINT = "Give the table a primary key (or REPLICA IDENTITY FULL / USING INDEX) and make it"
            + " logged; listener-service reports it again and mirror-service mirrors it.";

    private final AlertConfig.TableSkipped rule;

    public TableSkippedRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config.rules().tableSkipped(), Duration.ZERO, false));
        this.rule = config.rules().tableSkipped();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        return observation
                .mirrorService()
                .value()
                .map(report ->
                        report.skippedTables().stream().map(this::evaluate).toList())
                .orElse(List.of());
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "The table is no longer skipped.";
    }

    private Finding evaluate(SkippedTable table) {
        String name = table.schema() + "." + table.table();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Source", String.valueOf(table.source()));
        facts.put("Table", name);
        facts.put("Reason", String.valueOf(table.reason()));
        if (table.decidedBy() != null) {
            facts.put("Decided by", table.decidedBy());
        }
        if (table.recordedAt() != null) {
            facts.put("Recorded", table.recordedAt().toString());
        }
        return new Finding(
                AlertKey.of(NAME, "source", String.valueOf(table.source()), "table", name),
                rule.severity(),
                TITLE,
                "Not mirrored: " + table.reason(),
                HINT,
                facts,
                Finding.MIRROR_SERVICE,
                null);
    }
}
