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
 * Rule {@code open-connections}: sessions of the PeerDB user on a source ({@code pg_stat_activity}, every backend
 * type, walsenders included) over {@code threshold} (default 5, PeerDB's
 * {@code PEERDB_PGPEER_OPEN_CONNECTIONS_ALERT_THRESHOLD}). Only for sources with a configured PeerDB user. Label
 * {@code source}.
 */
@Singleton
public class OpenConnectionsRule extends BaseRule {

    /** The rule's name. */
    public static final String NAME = "open-connections";

    static final String TITLE = "PeerDB connections";
    static final String HINT = "Each mirror holds connections to the source; many more than mirrors suggest leaked"
            + " sessions. Check pg_stat_activity for the PeerDB user (state, application_name, backend_start).";

    private final AlertConfig.OpenConnections rule;

    public OpenConnectionsRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().openConnections()));
        this.rule = config.rules().openConnections();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        return observation.sourceSnapshots().stream()
                .filter(snapshot -> snapshot.peerdbConnections() != null)
                .map(this::evaluate)
                .toList();
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "The PeerDB user of source " + key.labels().get("source") + " is no longer watched." + NOT_RECOVERED;
    }

    private Finding evaluate(SourceSnapshot snapshot) {
        int connections = snapshot.peerdbConnections();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Source", snapshot.source());
        facts.put("Connections", Integer.toString(connections));
        facts.put("Threshold", Integer.toString(rule.threshold()));
        return new Finding(
                AlertKey.of(NAME, "source", snapshot.source()),
                connections > rule.threshold() ? rule.severity() : null,
                TITLE,
                connections + " sessions of the PeerDB user, threshold " + rule.threshold(),
                HINT,
                facts,
                snapshot.source(),
                null);
    }
}
