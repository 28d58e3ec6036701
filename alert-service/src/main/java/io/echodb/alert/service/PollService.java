package io.echodb.alert.service;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.client.MirrorServiceClient;
import io.echodb.alert.client.PeerDbClient;
import io.echodb.alert.client.SourceClients;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.MirrorServiceSnapshot;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Observation.Polled;
import io.echodb.alert.domain.PollStatus;
import io.echodb.alert.domain.SourceSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The poll cycle, every {@code echodb.alert.poll-interval}, never overlapping itself: polls every target in
 * parallel, then updates the gauges and hands the {@link Observation} to the {@link AlertEngine}; timer
 * {@link AlertMetrics#POLL} per target and outcome. docs/architecture.md §Poll cycle.
 */
@ApplicationScoped
public class PollService {

    private final SourceClients sources;
    private final PeerDbClient peerdb;
    private final MirrorServiceClient mirrorService;
    private final MetricsService metrics;
    private final AlertEngine engine;
    private final MeterRegistry registry;
    private final boolean peerdbEnabled;
    private final Map<String, PollStatus> statuses = new ConcurrentHashMap<>();

    public PollService(
            SourceClients sources,
            PeerDbClient peerdb,
            MirrorServiceClient mirrorService,
            MetricsService metrics,
            AlertEngine engine,
            MeterRegistry registry,
            AlertConfig config) {
        this.sources = sources;
        this.peerdb = peerdb;
        this.mirrorService = mirrorService;
        this.metrics = metrics;
        this.engine = engine;
        this.registry = registry;
        this.peerdbEnabled = config.peerdb().enabled();
    }

    /** One cycle; never fails. */
    @Scheduled(
            identity = "alert-poll",
            every = "${echodb.alert.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cycle() {
        return observe()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(metrics::recordObservation)
                .chain(engine::process)
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Polls every target in parallel; a target that fails is reported as failed, the others still count. */
    public Uni<Observation> observe() {
        List<Uni<Map.Entry<String, Polled<SourceSnapshot>>>> polls = sources.all().stream()
                .map(source -> timed(source.name(), source.poll()).map(polled -> Map.entry(source.name(), polled)))
                .toList();
        Uni<Polled<List<MirrorSample>>> mirrors = peerdbEnabled
                ? timed(Finding.PEERDB, peerdb.mirrors())
                : Uni.createFrom().item(Polled.disabled());
        Uni<Polled<MirrorServiceSnapshot>> report = mirrorService.configured()
                ? timed(Finding.MIRROR_SERVICE, mirrorService.report())
                : Uni.createFrom().item(Polled.disabled());
        return Uni.join()
                .all(polls)
                .andFailFast()
                .chain(polled -> Uni.combine()
                        .all()
                        .unis(mirrors, report)
                        .asTuple()
                        .map(others -> {
                            Map<String, Polled<SourceSnapshot>> byName = new LinkedHashMap<>();
                            polled.forEach(entry -> byName.put(entry.getKey(), entry.getValue()));
                            return new Observation(Instant.now(), byName, others.getItem1(), others.getItem2());
                        }));
    }

    /** Outcome of each target's polls so far (source names, {@code peerdb}, {@code mirror-service}). */
    public Map<String, PollStatus> statuses() {
        return Map.copyOf(statuses);
    }

    /** Runs {@code poll}, times it, records its outcome and turns a failure into {@link Polled#failed}. */
    private <T> Uni<Polled<T>> timed(String target, Uni<T> poll) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample started = Timer.start(registry);
            return poll.map(value -> {
                        started.stop(timer(target, "success"));
                        statuses.merge(
                                target,
                                PollStatus.NONE.succeeded(Instant.now()),
                                (old, now) -> old.succeeded(now.lastSuccess()));
                        return Polled.of(value);
                    })
                    .onFailure()
                    .recoverWithItem(failure -> {
                        started.stop(timer(target, "failure"));
                        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                        PollStatus before = statuses.getOrDefault(target, PollStatus.NONE);
                        statuses.put(target, before.failed(Instant.now(), error));
                        if (before.healthy()) {
                            Log.warnf("Cannot poll %s: %s", target, error);
                        } else {
                            Log.debugf("Still cannot poll %s: %s", target, error);
                        }
                        return Polled.failed(error);
                    });
        });
    }

    private Timer timer(String target, String outcome) {
        return AlertMetrics.poll(registry, target, outcome);
    }
}
