package io.echodb.alert.service;

import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.PollStatus;
import io.echodb.alert.domain.Silence;
import io.echodb.alert.service.AlertLifecycle.Plan;
import io.echodb.alert.service.AlertLifecycle.RuleFindings;
import io.echodb.alert.service.NotificationService.Delivery;
import io.echodb.alert.service.NotificationService.Outcome;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One cycle's alerting, after the polls: evaluates every enabled rule, then, holding the evaluation lock, applies
 * the {@link AlertLifecycle} to the stored alerts and silences, stores the result, delivers the notifications and
 * records which were delivered; without the lock (another replica is at it) it does nothing. Replicas and crash
 * safety: docs/architecture.md §Evaluation cycle.
 */
@ApplicationScoped
public class AlertEngine {

    /** Planning, JSON and formatting of thousands of alerts is CPU work: it runs here, off the event loop. */
    private static final Executor WORKERS = Infrastructure.getDefaultWorkerPool();

    private final List<AlertRule> rules;
    private final SlotHistory history;
    private final AlertStore store;
    private final NotificationService notifications;
    private final MetricsService metrics;
    private final AtomicReference<PollStatus> status = new AtomicReference<>(PollStatus.NONE);

    public AlertEngine(
            @All List<AlertRule> rules,
            SlotHistory history,
            AlertStore store,
            NotificationService notifications,
            MetricsService metrics) {
        this.rules = List.copyOf(rules);
        this.history = history;
        this.store = store;
        this.notifications = notifications;
        this.metrics = metrics;
    }

    /**
     * Evaluates {@code observation} and notifies.
     *
     * @return whether this replica held the lock and did the work; fails when the state store fails (nothing was
     *     sent then, or the sent notifications may be sent again next cycle)
     */
    public Uni<Boolean> process(Observation observation) {
        history.record(observation);
        List<RuleFindings> evaluated = rules.stream()
                .filter(rule -> rule.settings().enabled())
                .map(rule ->
                        new RuleFindings(rule.name(), rule.settings(), rule::goneSummary, rule.evaluate(observation)))
                .toList();
        Set<String> scopes = observation.observedScopes();
        Instant now = observation.at();
        return store.withEvaluationLock(connection -> cycle(connection, evaluated, scopes, now))
                .map(done -> {
                    if (done.isEmpty()) {
                        Log.debug("Another alert-service replica holds the evaluation lock; skipping this cycle");
                    }
                    status.updateAndGet(current -> current.succeeded(Instant.now()));
                    return done.isPresent();
                })
                .onFailure()
                .invoke(failure -> {
                    String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                    if (status.getAndUpdate(current -> current.failed(Instant.now(), error))
                            .healthy()) {
                        Log.warnf("Cannot evaluate alerts (state store): %s", error);
                    }
                });
    }

    /** Outcome of the state store operations so far, for readiness. */
    public PollStatus status() {
        return status.get();
    }

    private Uni<Boolean> cycle(
            SqlConnection connection, List<RuleFindings> evaluated, Set<String> scopes, Instant now) {
        return store.alerts(connection)
                .chain(stored -> store.silences(connection, now)
                        .emitOn(WORKERS)
                        .chain(silences -> decideAndNotify(connection, stored, silences, evaluated, scopes, now)))
                .replaceWith(Boolean.TRUE);
    }

    /** Applies the lifecycle, stores it, sends and records what was sent; on a worker thread. */
    private Uni<Void> decideAndNotify(
            SqlConnection connection,
            Map<String, Alert> stored,
            List<Silence> silences,
            List<RuleFindings> evaluated,
            Set<String> scopes,
            Instant now) {
        Plan plan = AlertLifecycle.plan(stored, evaluated, scopes, silences, now);
        logChanges(stored, plan);
        return store.save(connection, plan.upserts(), plan.deletes())
                .chain(() -> notifications.deliver(plan.notifications()))
                .emitOn(WORKERS)
                .chain(deliveries -> recordDeliveries(connection, plan, deliveries, now))
                .invoke(alerts -> metrics.recordAlerts(alerts.values(), silences, now))
                .replaceWithVoid();
    }

    private Uni<Map<String, Alert>> recordDeliveries(
            SqlConnection connection, Plan plan, List<Delivery> deliveries, Instant now) {
        Map<String, Alert> alerts = new LinkedHashMap<>(plan.alerts());
        List<Alert> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (delivery.outcome() == Outcome.RETRY) {
                continue;
            }
            String fingerprint = delivery.notification().alert().key().fingerprint();
            AlertLifecycle.afterDelivery(delivery.notification(), delivery.channel(), delivery.ts(), now)
                    .ifPresentOrElse(
                            alert -> {
                                alerts.put(fingerprint, alert);
                                upserts.add(alert);
                            },
                            () -> {
                                alerts.remove(fingerprint);
                                deletes.add(fingerprint);
                            });
        }
        return store.save(connection, upserts, deletes).replaceWith(alerts);
    }

    private static void logChanges(Map<String, Alert> stored, Plan plan) {
        plan.alerts().forEach((fingerprint, alert) -> {
            Alert before = stored.get(fingerprint);
            AlertState was = before == null ? null : before.state();
            if (was == alert.state()) {
                return;
            }
            switch (alert.state()) {
                case PENDING ->
                    Log.debugf(
                            "Alert %s pending: %s", alert.key(), alert.finding().summary());
                case FIRING ->
                    Log.infof(
                            "Alert %s firing (%s): %s",
                            alert.key(),
                            alert.severity().label(),
                            alert.finding().summary());
                case RESOLVED ->
                    Log.infof(
                            "Alert %s resolved (was %s): %s",
                            alert.key(),
                            alert.severity().label(),
                            alert.finding().summary());
            }
        });
        stored.forEach((fingerprint, alert) -> {
            if (!plan.alerts().containsKey(fingerprint) && alert.state() == AlertState.FIRING) {
                Log.infof(
                        "Alert %s resolved (was %s), no notification: %s",
                        alert.key(), alert.severity().label(), alert.finding().summary());
            }
        });
    }
}
