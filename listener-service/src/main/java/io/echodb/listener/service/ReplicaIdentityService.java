package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.config.ListenerConfig.NoPrimaryKey;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies {@code echodb.listener.no-primary-key} to a settled table that has neither a primary key nor a usable
 * replica identity: {@code skip} keeps the verdict, {@code replica-identity-full} sets {@code REPLICA IDENTITY FULL}
 * and classifies the table again. See docs/architecture.md §"Judging a table".
 */
@ApplicationScoped
public class ReplicaIdentityService {

    private final ListenerConfig config;
    private final TableCatalogRepository catalog;
    private final TableClassifier classifier;
    private final LastErrorService lastError;
    private final MeterRegistry registry;

    public ReplicaIdentityService(
            ListenerConfig config,
            TableCatalogRepository catalog,
            TableClassifier classifier,
            LastErrorService lastError,
            MeterRegistry registry) {
        this.config = config;
        this.catalog = catalog;
        this.classifier = classifier;
        this.lastError = lastError;
        this.registry = registry;
    }

    /** Whether {@code classified} is a table this service would act on: eligible but for a missing key. */
    public boolean applies(ClassifiedTable classified) {
        return !classified.verdict().complete() && config.noPrimaryKey() == NoPrimaryKey.REPLICA_IDENTITY_FULL;
    }

    /**
     * Judges a table whose verdict is not complete, once it has settled.
     *
     * @param classified a settled table; anything else is returned as it is
     * @return the final verdict: unchanged with {@code skip}; with {@code replica-identity-full} the table as
     *     the catalog shows it after the change (eligible), or ineligible with the reason the change failed;
     *     never fails
     */
    public Uni<ClassifiedTable> settle(ClassifiedTable classified) {
        if (!applies(classified)) {
            return Uni.createFrom().item(classified);
        }
        var table = classified.table();
        return catalog.setReplicaIdentityFull(table.schema(), table.table())
                .chain(() -> catalog.findByOid(table.oid()))
                .map(found -> found.map(after -> new ClassifiedTable(after, classifier.classify(after)))
                        .orElse(classified))
                .invoke(after -> {
                    Log.infof(
                            "Set REPLICA IDENTITY FULL on %s (oid %d), which has no primary key "
                                    + "(echodb.listener.no-primary-key=replica-identity-full)",
                            table.qualifiedName(), table.oid());
                    ListenerMetrics.replicaIdentityChanges(registry, "ok").increment();
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    String cause = failure instanceof PgException pg ? pg.getErrorMessage() : failure.getMessage();
                    Log.warnf(
                            "Table %s (oid %d) will not be mirrored: it has no primary key and REPLICA IDENTITY FULL "
                                    + "could not be set (echodb.listener.no-primary-key=replica-identity-full): %s",
                            table.qualifiedName(), table.oid(), cause);
                    ListenerMetrics.replicaIdentityChanges(registry, "failed").increment();
                    lastError.record("REPLICA IDENTITY FULL on " + table.qualifiedName() + " failed: " + cause);
                    return new ClassifiedTable(
                            table,
                            Eligibility.no(TableClassifier.NO_IDENTITY
                                    + ", and REPLICA IDENTITY FULL could not be set: " + cause));
                });
    }
}
