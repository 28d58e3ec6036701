package io.echodb.mirror.service;

import io.echodb.common.peerdb.FlowStatus;
import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.client.ListMirrorsResponse;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.config.MirrorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * At startup, in the background: reads PeerDB's EchoDB-managed mirrors of every source once, so that
 * {@code GET /api/v1/mirrors} shows them before the first inventory, and reports managed shared mirrors found
 * {@code STATUS_PAUSED} (possibly paused by a previous run; the next change EchoDB applies resumes them, an
 * operator's pause is left alone). Failures are logged; the next inventory reads PeerDB again anyway.
 */
@ApplicationScoped
public class StartupSweep {

    private final PeerDbClient peerDb;
    private final MirrorCatalog catalog;
    private final MirrorRegistry registry;
    private final MirrorConfig config;
    private final MeterRegistry meters;

    StartupSweep(
            PeerDbClient peerDb,
            MirrorCatalog catalog,
            MirrorRegistry registry,
            MirrorConfig config,
            MeterRegistry meters) {
        this.peerDb = peerDb;
        this.catalog = catalog;
        this.registry = registry;
        this.config = config;
        this.meters = meters;
    }

    void sweep(@Observes StartupEvent event) {
        peerDb.listMirrors()
                .map(items -> items.stream()
                        .filter(ListMirrorsResponse.Item::isCdc)
                        .map(ListMirrorsResponse.Item::sourceName)
                        .distinct()
                        .toList())
                // Their convergence series at 0, so that the first failed convergence counts in increase().
                .invoke(sources -> sources.forEach(source -> MirrorMetrics.registerSource(meters, source)))
                .onItem()
                .transformToMulti(sources -> Multi.createFrom().iterable(sources))
                .onItem()
                .transformToUniAndConcatenate(source -> catalog.load(source, config.schemas(), List.of()))
                .subscribe()
                .with(
                        snapshot -> {
                            snapshot.placements().values().forEach(placement -> registry.adopt(placement.plan()));
                            snapshot.sharedStates().forEach((mirror, state) -> {
                                if (state == FlowStatus.STATUS_PAUSED) {
                                    Log.warnf(
                                            "Shared mirror %s is paused. If EchoDB paused it before a restart, the"
                                                    + " next inventory or event for its schema applies the pending table"
                                                    + " changes and resumes it; otherwise resume it yourself when done",
                                            mirror);
                                }
                            });
                            Log.infof(
                                    "Found %d table(s) in EchoDB-managed mirrors of %s",
                                    snapshot.placements().size(), snapshot.source());
                        },
                        failure -> Log.warnf(
                                "Could not read PeerDB's mirrors at startup (the next inventory will): %s",
                                Failures.describe(failure)));
    }
}
