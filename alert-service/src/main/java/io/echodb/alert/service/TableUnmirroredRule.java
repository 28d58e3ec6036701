package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorServiceSnapshot.UnmirroredTable;
import io.echodb.alert.domain.Observation;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code table-unmirrored}: mirror-service lists an eligible table without a mirror for longer than
 * {@code for} (default 10 min), counted from the table's {@code eligibleSince}. Labels {@code source},
 * {@code table} ({@code schema.table}); scope {@link Finding#MIRROR_SERVICE}.
 */
@Singleton
public class TableUnmirroredRule extends BaseRule {

    /** The rule's name. */
    public static final String NAME = "table-unmirrored";

    static final String TITLE = "Table not mirrored";
    static final String HINT = "mirror-service has not managed to create its mirror. Read the last error; check"
            + " mirror-service's dead letters (GET /api/v1/dead-letters) and PeerDB.";

    private final AlertConfig.TableUnmirrored rule;

    public TableUnmirroredRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().tableUnmirrored()));
        this.rule = config.rules().tableUnmirrored();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        return observation
                .mirrorService()
                .value()
                .map(report ->
                        report.unmirroredTables().stream().map(this::evaluate).toList())
                .orElse(List.of());
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "The table is mirrored now (or no longer eligible).";
    }

    private Finding evaluate(UnmirroredTable table) {
        String name = table.schema() + "." + table.table();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Source", String.valueOf(table.source()));
        facts.put("Table", name);
        if (table.eligibleSince() != null) {
            facts.put("Eligible since", table.eligibleSince().toString());
        }
        if (table.lastError() != null) {
            facts.put("Last error", table.lastError());
        }
        facts.put("Threshold", "unmirrored for " + Durations.humanReadable(rule.forDuration()));
        return new Finding(
                AlertKey.of(NAME, "source", String.valueOf(table.source()), "table", name),
                rule.severity(),
                TITLE,
                "No mirror for more than " + Durations.humanReadable(rule.forDuration())
                        + (table.lastError() == null ? "" : "; last error: " + table.lastError()),
                HINT,
                facts,
                Finding.MIRROR_SERVICE,
                table.eligibleSince());
    }
}
