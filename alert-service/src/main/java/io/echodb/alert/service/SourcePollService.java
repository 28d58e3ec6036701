package io.echodb.alert.service;

import io.echodb.alert.client.ReplicationSlotClient;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.PollStatus;
import io.echodb.alert.domain.SourceSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The poll cycle, every {@code echodb.alert.poll-interval}, never overlapping itself: read the source's
 * replication slots, update the slot gauges, evaluate the alert rules and deliver the resulting notifications.
 * A failed poll changes no alert (nothing resolves because the source could not be read).
 *
 * <p>Timer {@code echodb.alert.poll}, tag {@code outcome} ({@code success}, {@code failure}): duration of the
 * query.
 */
@ApplicationScoped
public class SourcePollService {

    static final String POLL_TIMER = "echodb.alert.poll";

    private final ReplicationSlotClient slots;
    private final SlotMetricsService slotMetrics;
    private final AlertService alerts;
    private final NotificationService notifications;
    private final MeterRegistry registry;
    private final String source;
    private final AtomicReference<PollStatus> status = new AtomicReference<>(PollStatus.NONE);

    public SourcePollService(ReplicationSlotClient slots, SlotMetricsService slotMetrics, AlertService alerts,
            NotificationService notifications, MeterRegistry registry, AlertConfig config) {
        this.slots = slots;
        this.slotMetrics = slotMetrics;
        this.alerts = alerts;
        this.notifications = notifications;
        this.registry = registry;
        this.source = config.sourceName();
    }

    /** One cycle; runs on the event loop and never fails. */
    @Scheduled(identity = "source-poll", every = "${echodb.alert.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pollAndAlert() {
        return poll()
                .onItem().ifNotNull().transform(alerts::evaluate)
                .onItem().ifNotNull().transformToUni(notifications::deliverAll)
                .replaceWithVoid();
    }

    /** Outcome of the polls so far. */
    public PollStatus status() {
        return status.get();
    }

    /** Reads the slots and records the outcome; emits {@code null} when the poll failed (logged at WARN). */
    Uni<SourceSnapshot> poll() {
        Timer.Sample started = Timer.start(registry);
        return slots.fetchSlots()
                .map(found -> new SourceSnapshot(source, Instant.now(), found))
                .invoke(snapshot -> {
                    started.stop(timer("success"));
                    status.updateAndGet(current -> current.succeeded(snapshot.polledAt()));
                    slotMetrics.record(snapshot);
                    Log.debugf("Polled %d replication slots of %s", snapshot.slots().size(), source);
                })
                .onFailure().invoke(failure -> {
                    started.stop(timer("failure"));
                    String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                    if (status.getAndUpdate(current -> current.failed(Instant.now(), error)).healthy()) {
                        Log.warnf("Cannot poll the replication slots of %s: %s", source, error);
                    } else {
                        Log.debugf("Still cannot poll the replication slots of %s: %s", source, error);
                    }
                })
                .onFailure().recoverWithNull();
    }

    private Timer timer(String outcome) {
        return Timer.builder(POLL_TIMER)
                .description("Duration of one poll of the source's replication slots")
                .tag("outcome", outcome)
                .register(registry);
    }
}
