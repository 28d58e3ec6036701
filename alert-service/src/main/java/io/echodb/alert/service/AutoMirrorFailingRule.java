package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorServiceSnapshot;
import io.echodb.alert.domain.MirrorServiceSnapshot.DeadLetter;
import io.echodb.alert.domain.Observation;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rule {@code auto-mirror-failing}: mirror-service holds dead letters (requests to PeerDB that exhausted their
 * retries) or has a circuit breaker open. One alert, label {@code service=mirror-service}.
 */
@Singleton
public class AutoMirrorFailingRule extends BaseRule {

    /** The rule's name. */
    public static final String NAME = "auto-mirror-failing";

    static final String TITLE = "Auto-mirror failing";
    static final String HINT = "mirror-service cannot get its changes into PeerDB. Read the dead letters' errors"
            + " (GET /api/v1/dead-letters), fix PeerDB or the cause, then replay them"
            + " (POST /api/v1/dead-letters/{id}/replay).";

    /** Dead letters listed in the message at most. */
    static final int LISTED = 5;

    private final AlertConfig.AutoMirrorFailing rule;

    public AutoMirrorFailingRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().autoMirrorFailing()));
        this.rule = config.rules().autoMirrorFailing();
    }

    @Override
    public List<Finding> evaluate(Observation observation) {
        return observation
                .mirrorService()
                .value()
                .map(report -> List.of(evaluate(report)))
                .orElse(List.of());
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "mirror-service is no longer watched." + NOT_RECOVERED;
    }

    private Finding evaluate(MirrorServiceSnapshot report) {
        List<String> open = report.circuitBreakers().entrySet().stream()
                .filter(breaker -> "OPEN".equals(breaker.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        int letters = report.deadLetters().size();
        boolean failing = letters > 0 || !open.isEmpty();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Dead letters", Integer.toString(letters));
        facts.put("Open circuit breakers", open.isEmpty() ? "none" : String.join(", ", open));
        if (letters > 0) {
            facts.put(
                    "Newest dead letters",
                    report.deadLetters().reversed().stream()
                            .limit(LISTED)
                            .map(AutoMirrorFailingRule::describe)
                            .collect(Collectors.joining("\n")));
        }
        String summary = failing
                ? letters + " dead letter" + (letters == 1 ? "" : "s")
                        + (open.isEmpty() ? "" : ", circuit breaker open: " + String.join(", ", open))
                : "No dead letters, no open circuit breaker.";
        return new Finding(
                AlertKey.of(NAME, "service", Finding.MIRROR_SERVICE),
                failing ? rule.severity() : null,
                TITLE,
                summary,
                HINT,
                facts,
                Finding.MIRROR_SERVICE,
                null);
    }

    private static String describe(DeadLetter letter) {
        return letter.operation() + " " + letter.schema() + "." + letter.table()
                + (letter.mirror() == null ? "" : " (" + letter.mirror() + ")") + ": " + letter.lastError();
    }
}
