package io.echodb.alert.service;

import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Notification;
import io.echodb.alert.domain.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The alert lifecycle as a pure function (Prometheus/Alertmanager semantics): pending while its condition holds
 * for less than its rule's {@code for}, then firing, resolved when the condition clears or its subject is gone;
 * which notification is due when, and how silences mute them: docs/architecture.md §Alert lifecycle.
 */
public final class AlertLifecycle {

    private AlertLifecycle() {}

    /**
     * The findings of one enabled rule in one cycle.
     *
     * @param rule the rule's name
     * @param settings its lifecycle settings
     * @param goneSummary its sentence for a vanished subject, by the alert's key
     * @param findings what it found
     */
    public record RuleFindings(
            String rule, RuleSettings settings, Function<AlertKey, String> goneSummary, List<Finding> findings) {}

    /**
     * What one cycle changes.
     *
     * @param alerts every alert to keep after the cycle, by fingerprint (the new state)
     * @param upserts the alerts that changed and must be written
     * @param deletes fingerprints of alerts to delete
     * @param notifications what people must hear now, in a stable order (critical first, resolved last)
     */
    public record Plan(
            Map<String, Alert> alerts, List<Alert> upserts, List<String> deletes, List<Notification> notifications) {}

    /**
     * One cycle.
     *
     * @param stored the alerts as stored, by fingerprint
     * @param evaluated the findings of every enabled rule; stored alerts of other rules are deleted
     * @param observedScopes the scopes polled successfully ({@link io.echodb.alert.domain.Observation#observedScopes})
     * @param silences silences that have not ended
     * @param now the cycle's time
     */
    public static Plan plan(
            Map<String, Alert> stored,
            List<RuleFindings> evaluated,
            Set<String> observedScopes,
            List<Silence> silences,
            Instant now) {
        Map<String, Alert> next = new LinkedHashMap<>(stored);
        Map<String, RuleSettings> settings = new LinkedHashMap<>();
        for (RuleFindings rule : evaluated) {
            settings.put(rule.rule(), rule.settings());
            Set<String> seen = new HashSet<>();
            for (Finding finding : rule.findings()) {
                String fingerprint = finding.key().fingerprint();
                seen.add(fingerprint);
                update(next, fingerprint, transition(next.get(fingerprint), finding, rule.settings(), now));
            }
            for (Alert alert : stored.values()) {
                String fingerprint = alert.key().fingerprint();
                if (alert.key().rule().equals(rule.rule())
                        && !seen.contains(fingerprint)
                        && observedScopes.contains(alert.finding().scope())) {
                    update(
                            next,
                            fingerprint,
                            transition(
                                    alert,
                                    alert.finding().gone(rule.goneSummary().apply(alert.key())),
                                    rule.settings(),
                                    now));
                }
            }
        }
        next.values().removeIf(alert -> !settings.containsKey(alert.key().rule()));

        List<Notification> notifications = new ArrayList<>();
        for (Alert alert : List.copyOf(next.values())) {
            RuleSettings rule = settings.get(alert.key().rule());
            boolean silenced = silenced(alert, silences, now);
            Optional<Notification> notification = notification(alert, rule, silenced, now);
            notification.ifPresent(notifications::add);
            if (alert.state() == AlertState.RESOLVED && notification.isEmpty()) {
                next.remove(alert.key().fingerprint());
            }
        }
        notifications.sort(ORDER);

        List<Alert> upserts = next.values().stream()
                .filter(alert -> !alert.equals(stored.get(alert.key().fingerprint())))
                .toList();
        List<String> deletes = stored.keySet().stream()
                .filter(fingerprint -> !next.containsKey(fingerprint))
                .toList();
        return new Plan(next, upserts, deletes, notifications);
    }

    /** Whether an active silence selects {@code alert} at {@code now}. */
    public static boolean silenced(Alert alert, List<Silence> silences, Instant now) {
        return silences.stream().anyMatch(silence -> silence.activeAt(now) && silence.matches(alert.key()));
    }

    /** The silences selecting {@code alert} at {@code now}. */
    public static List<Silence> silencing(Alert alert, List<Silence> silences, Instant now) {
        return silences.stream()
                .filter(silence -> silence.activeAt(now) && silence.matches(alert.key()))
                .toList();
    }

    /**
     * The alert after {@code notification} reached Slack (or was given up): a firing alert records the notice
     * (keeping its thread unless a new top-level message started one); a resolved alert is gone.
     *
     * @param channel the channel of a new top-level bot-token message, else {@code null}
     * @param ts that message's ts, else {@code null}
     * @return the alert to store, or empty to delete it
     */
    public static Optional<Alert> afterDelivery(Notification notification, String channel, String ts, Instant now) {
        Alert alert = notification.alert();
        if (notification.type() == Notification.Type.RESOLVED) {
            return Optional.empty();
        }
        Alert.Notice previous = alert.lastNotice();
        boolean newThread = channel != null && ts != null;
        return Optional.of(alert.notified(new Alert.Notice(
                alert.severity(),
                now,
                newThread ? channel : previous == null ? null : previous.channel(),
                newThread ? ts : previous == null ? null : previous.ts())));
    }

    private static final Comparator<Notification> ORDER = Comparator.comparing(
                    (Notification n) -> n.type() == Notification.Type.RESOLVED)
            .thenComparing(n -> n.type() == Notification.Type.REPEAT)
            .thenComparing(n -> n.alert().severity(), Comparator.reverseOrder())
            .thenComparing(n -> n.alert().key().rule())
            .thenComparing(n -> n.alert().key().subject());

    private static void update(Map<String, Alert> alerts, String fingerprint, Optional<Alert> alert) {
        alert.ifPresentOrElse(value -> alerts.put(fingerprint, value), () -> alerts.remove(fingerprint));
    }

    private static Optional<Alert> transition(Alert previous, Finding finding, RuleSettings rule, Instant now) {
        if (finding.firing()) {
            if (previous == null) {
                Instant since = finding.since() != null && finding.since().isBefore(now) ? finding.since() : now;
                return Optional.of(pendingOrFiring(finding, since, null, rule, now));
            }
            return Optional.of(
                    switch (previous.state()) {
                        case PENDING -> pendingOrFiring(finding, previous.pendingSince(), null, rule, now);
                        // RESOLVED: fired again before its resolved message went out, so it never stopped, as far
                        // as people know.
                        case FIRING, RESOLVED ->
                            new Alert(
                                    finding,
                                    finding.severity(),
                                    AlertState.FIRING,
                                    previous.pendingSince(),
                                    previous.firingSince(),
                                    null,
                                    previous.lastNotice());
                    });
        }
        if (previous == null || previous.state() == AlertState.PENDING) {
            return Optional.empty();
        }
        if (previous.state() == AlertState.RESOLVED) {
            return Optional.of(previous);
        }
        return Optional.of(new Alert(
                finding,
                previous.severity(),
                AlertState.RESOLVED,
                previous.pendingSince(),
                previous.firingSince(),
                now,
                previous.lastNotice()));
    }

    private static Alert pendingOrFiring(
            Finding finding, Instant pendingSince, Alert.Notice notice, RuleSettings rule, Instant now) {
        boolean due = Duration.between(pendingSince, now).compareTo(rule.forDuration()) >= 0;
        return new Alert(
                finding,
                finding.severity(),
                due ? AlertState.FIRING : AlertState.PENDING,
                pendingSince,
                due ? now : null,
                null,
                notice);
    }

    private static Optional<Notification> notification(Alert alert, RuleSettings rule, boolean silenced, Instant now) {
        Alert.Notice last = alert.lastNotice();
        return switch (alert.state()) {
            case PENDING -> Optional.empty();
            case FIRING -> {
                if (silenced) {
                    yield Optional.empty();
                }
                if (last == null) {
                    yield Optional.of(new Notification(Notification.Type.FIRING, alert, null));
                }
                if (alert.severity().isAbove(last.severity())) {
                    yield Optional.of(new Notification(Notification.Type.ESCALATED, alert, last.severity()));
                }
                boolean repeatDue = !rule.repeatInterval().isZero()
                        && !now.isBefore(last.at().plus(rule.repeatInterval()));
                yield repeatDue
                        ? Optional.of(new Notification(Notification.Type.REPEAT, alert, null))
                        : Optional.empty();
            }
            case RESOLVED ->
                last != null && rule.sendResolved() && !silenced
                        ? Optional.of(new Notification(Notification.Type.RESOLVED, alert, null))
                        : Optional.empty();
        };
    }
}
