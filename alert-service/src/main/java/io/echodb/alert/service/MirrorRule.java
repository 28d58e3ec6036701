package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.MirrorServiceSnapshot.PauseCycle;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule about each PeerDB mirror that is in one of its states: fires while it is (after the rule's
 * {@code for}), resolves when it leaves them or disappears. Keys carry labels {@code source} (the mirror's source
 * peer) and {@code mirror}; scope {@link Finding#PEERDB}.
 */
abstract class MirrorRule extends BaseRule {

    private final Optional<URI> peerdbUi;
    private final Set<String> states;
    private final Severity severity;
    private final String title;
    private final String hint;

    /**
     * @param states the PeerDB {@code FlowStatus} names in which the rule fires
     * @param severity severity while firing
     * @param title the rule in words
     * @param hint what to do
     */
    MirrorRule(
            AlertConfig config,
            String name,
            RuleSettings settings,
            Set<String> states,
            Severity severity,
            String title,
            String hint) {
        super(name, settings);
        this.peerdbUi = config.peerdbUiUrl();
        this.states = Set.copyOf(states);
        this.severity = severity;
        this.title = title;
        this.hint = hint;
    }

    /** One sentence for a mirror in one of the rule's states. */
    abstract String summary(MirrorSample mirror);

    @Override
    public List<Finding> evaluate(Observation observation) {
        Map<String, PauseCycle> cycles = PauseContext.byMirror(observation);
        return observation.peerdb().value().orElse(List.of()).stream()
                .map(mirror -> {
                    Finding finding = evaluate(mirror);
                    PauseCycle cycle = cycles.get(mirror.name());
                    return cycle == null ? finding : duringPauseCycle(finding, cycle, observation.at());
                })
                .toList();
    }

    /**
     * {@code finding} for a mirror EchoDB is changing ({@code cycle}): by default, the finding explained by what
     * EchoDB does ({@link PauseContext#explained}).
     */
    Finding duringPauseCycle(Finding finding, PauseCycle cycle, Instant now) {
        return PauseContext.explained(finding, cycle, now);
    }

    @Override
    public String goneSummary(AlertKey key) {
        return "Mirror " + key.labels().get("mirror") + " no longer exists in PeerDB (dropped)." + NOT_RECOVERED;
    }

    private Finding evaluate(MirrorSample mirror) {
        boolean firing = states.contains(mirror.status());
        String summary = firing ? summary(mirror) : "The mirror is " + mirror.status() + " now.";
        AlertKey key = AlertKey.of(name(), "source", String.valueOf(mirror.source()), "mirror", mirror.name());
        return new Finding(key, firing ? severity : null, title, summary, hint, facts(mirror), Finding.PEERDB, null);
    }

    private Map<String, String> facts(MirrorSample mirror) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Mirror", mirror.name());
        facts.put("Status", mirror.status());
        if (!mirror.lastErrors().isEmpty()) {
            facts.put(
                    "Last error",
                    mirror.lastErrors().stream()
                            .map(line -> (line.at() == null ? "" : line.at() + " ") + line.message())
                            .collect(Collectors.joining("\n")));
        }
        facts.put("Source", String.valueOf(mirror.source()));
        facts.put("Destination", String.valueOf(mirror.destination()));
        if (mirror.slotName() != null) {
            facts.put("Slot", mirror.slotName());
        }
        if (mirror.snapshotProgress() != null) {
            facts.put("Snapshot", mirror.snapshotProgress());
        }
        if (mirror.createdAt() != null) {
            facts.put("Created", mirror.createdAt().toString());
        }
        peerdbUi.ifPresent(
                ui -> facts.put("PeerDB UI", ui.toString().replaceAll("/+$", "") + "/mirrors/" + mirror.name()));
        return facts;
    }

    /** The first line of the newest error row, or a fallback. */
    static String lastError(MirrorSample mirror) {
        return mirror.lastErrors().stream()
                .findFirst()
                .map(line -> line.message().lines().findFirst().orElse(""))
                .orElse("no error row in the mirror log");
    }
}
