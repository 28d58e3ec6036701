package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Observation.Polled;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code source-unreachable}: a source database (label {@code source}), PeerDB or mirror-service (label
 * {@code service}) could not be polled, for {@code for} (default 1 min). While a target cannot be polled, the
 * alerts that depend on it stay as they were. Scope {@link Finding#SELF}: always evaluated.
 */
@Singleton
public class SourceUnreachableRule extends BaseRule {

    /** The rule's name. */
    public static final String NAME = "source-unreachable";

    static final String TITLE = "Cannot poll";
    static final String HINT = "alert-service cannot see this part of replication, and its other alerts about it are"
            + " frozen. Check the network, the address setting and the credentials; the error says which.";

    private final AlertConfig.SourceUnreachable rule;

    public SourceUnreachableRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().sourceUnreachable()));
        this.rule = config.rules().sourceUnreachable();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        List<Finding> findings = new ArrayList<>();
        observation
                .sources()
                .forEach((name, polled) ->
                        findings.add(finding(AlertKey.of(NAME, "source", name), "source database " + name, polled)));
        if (observation.peerdb().enabled()) {
            findings.add(finding(AlertKey.of(NAME, "service", Finding.PEERDB), "PeerDB", observation.peerdb()));
        }
        if (observation.mirrorService().enabled()) {
            findings.add(finding(
                    AlertKey.of(NAME, "service", Finding.MIRROR_SERVICE),
                    "mirror-service",
                    observation.mirrorService()));
        }
        return findings;
    }

    @Override
    public String goneSummary(AlertKey key) {
        return key.subject() + " is no longer polled (removed from the configuration)." + NOT_RECOVERED;
    }

    private Finding finding(AlertKey key, String what, Polled<?> polled) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Target", what);
        if (polled.failed()) {
            facts.put("Error", polled.error());
        }
        String summary = polled.failed() ? "Cannot poll " + what + ": " + polled.error() : what + " can be polled.";
        return new Finding(
                key, polled.failed() ? rule.severity() : null, TITLE, summary, HINT, facts, Finding.SELF, null);
    }
}
