package io.echodb.alert.service;

import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertEvent;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.SourceSnapshot;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates every {@link AlertRule} on a snapshot and keeps the firing alerts, keyed by rule and labels.
 *
 * <p>Lifecycle (in memory for now): an alert starts firing the first time its condition holds
 * ({@link AlertEvent.Type#FIRING}); a rise in severity is an {@link AlertEvent.Type#ESCALATED} event; a fall
 * in severity only updates the alert; it resolves ({@link AlertEvent.Type#RESOLVED}) when its condition no
 * longer holds or its subject (e.g. the slot) is gone from the source.
 */
@ApplicationScoped
public class AlertService {

    private static final String SOURCE_LABEL = "source";

    private final List<AlertRule> rules;
    private final Map<AlertKey, Alert> firing = new HashMap<>();

    public AlertService(@All List<AlertRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Applies every rule to {@code snapshot}.
     *
     * @return the changes people must hear about, in rule order; empty when nothing changed
     */
    public synchronized List<AlertEvent> evaluate(SourceSnapshot snapshot) {
        List<AlertEvent> events = new ArrayList<>();
        for (AlertRule rule : rules) {
            List<Finding> findings = rule.evaluate(snapshot);
            findings.forEach(finding -> apply(finding, snapshot.polledAt()).ifPresent(events::add));
            events.addAll(resolveGone(rule, snapshot, findings));
        }
        events.forEach(AlertService::log);
        return events;
    }

    /** The alerts firing now. */
    public synchronized List<Alert> firing() {
        return List.copyOf(firing.values());
    }

    private Optional<AlertEvent> apply(Finding finding, Instant at) {
        Alert current = firing.get(finding.key());
        if (!finding.firing()) {
            return Optional.ofNullable(current).map(alert -> resolve(alert, finding, at));
        }
        if (current == null) {
            Alert started = new Alert(finding, finding.severity(), at, null);
            firing.put(finding.key(), started);
            return Optional.of(new AlertEvent(AlertEvent.Type.FIRING, started, null));
        }
        Alert updated = new Alert(finding, finding.severity(), current.firingSince(), null);
        firing.put(finding.key(), updated);
        return finding.severity().isAbove(current.severity())
                ? Optional.of(new AlertEvent(AlertEvent.Type.ESCALATED, updated, current.severity()))
                : Optional.empty();
    }

    private List<AlertEvent> resolveGone(AlertRule rule, SourceSnapshot snapshot, List<Finding> findings) {
        Set<AlertKey> present = findings.stream().map(Finding::key).collect(Collectors.toSet());
        List<Alert> gone = firing.values().stream()
                .filter(alert -> alert.key().rule().equals(rule.name()))
                .filter(alert -> snapshot.source().equals(alert.key().labels().get(SOURCE_LABEL)))
                .filter(alert -> !present.contains(alert.key()))
                .toList();
        return gone.stream()
                .map(alert -> resolve(alert, gone(alert.finding(), rule), snapshot.polledAt()))
                .toList();
    }

    private AlertEvent resolve(Alert alert, Finding finding, Instant at) {
        firing.remove(alert.key());
        Alert resolved = new Alert(finding, alert.severity(), alert.firingSince(), at);
        return new AlertEvent(AlertEvent.Type.RESOLVED, resolved, null);
    }

    private static Finding gone(Finding last, AlertRule rule) {
        return new Finding(last.key(), null, last.title(), rule.goneSummary(), "", last.facts());
    }

    private static void log(AlertEvent event) {
        Alert alert = event.alert();
        String change = switch (event.type()) {
            case FIRING -> "firing (" + alert.severity().label() + ")";
            case ESCALATED -> "escalated to " + alert.severity().label();
            case RESOLVED -> "resolved (was " + alert.severity().label() + ")";
        };
        Log.infof("Alert %s %s: %s", alert.key(), change, alert.finding().summary());
    }
}
