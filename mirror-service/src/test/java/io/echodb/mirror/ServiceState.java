package io.echodb.mirror;

import io.echodb.mirror.service.DeadLetters;
import io.echodb.mirror.service.EligibleTables;
import io.echodb.mirror.service.MirrorCatalog;
import io.echodb.mirror.service.MirrorRegistry;
import io.echodb.mirror.service.SharedMirrors;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;

/** Test bean: forgets everything mirror-service keeps in memory and closes the circuit breakers. */
@ApplicationScoped
public class ServiceState {

    private final MirrorRegistry registry;
    private final EligibleTables tables;
    private final DeadLetters deadLetters;
    private final SharedMirrors shared;
    private final MirrorCatalog catalog;
    private final CircuitBreakerMaintenance breakers;

    ServiceState(
            MirrorRegistry registry,
            EligibleTables tables,
            DeadLetters deadLetters,
            SharedMirrors shared,
            MirrorCatalog catalog,
            CircuitBreakerMaintenance breakers) {
        this.registry = registry;
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.shared = shared;
        this.catalog = catalog;
        this.breakers = breakers;
    }

    /** Starts over, as after a restart of mirror-service. */
    public void reset() {
        registry.clear();
        tables.clear();
        deadLetters.clearAll();
        shared.clear();
        catalog.forgetCache();
        breakers.resetAll();
    }
}
