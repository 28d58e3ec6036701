package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.metrics.ListenerMetrics;
import io.echodb.listener.service.TableCatalogRepository.PublicationMembers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The one way a table is judged, for notifications and inventories alike: classify, settle, replica identity,
 * publication. Only how a table without key settles differs ({@link Settling}). See docs/architecture.md
 * §"Judging a table".
 */
@ApplicationScoped
public class EligibilityService {

    /** How a table whose first verdict is not complete (no key yet) settles. */
    @FunctionalInterface
    public interface Settling {

        /**
         * Looks at the table again, now or later.
         *
         * @param first the table with its first verdict, not complete
         * @return the table as it stands now (empty when it is gone), and whether it has settled
         */
        Uni<Optional<Look>> settle(ClassifiedTable first);
    }

    /**
     * One look at a table.
     *
     * @param table the table with its verdict
     * @param settled whether {@code echodb.listener.no-primary-key} applies to it now; false leaves it to a later look
     */
    public record Look(ClassifiedTable table, boolean settled) {}

    private final ListenerConfig config;
    private final TableCatalogRepository catalog;
    private final TableClassifier classifier;
    private final ReplicaIdentityService identities;
    private final PublicationService publications;
    private final MeterRegistry registry;

    public EligibilityService(
            ListenerConfig config,
            TableCatalogRepository catalog,
            TableClassifier classifier,
            ReplicaIdentityService identities,
            PublicationService publications,
            MeterRegistry registry) {
        this.config = config;
        this.catalog = catalog;
        this.classifier = classifier;
        this.identities = identities;
        this.publications = publications;
        this.registry = registry;
    }

    /**
     * Judges a table a notification named: one without key is looked up again after {@code settle-delay}.
     *
     * @return the verdict; empty when the table was dropped meanwhile; fails when the catalog cannot be read
     */
    public Uni<Optional<ClassifiedTable>> judgeNotified(CatalogTable table) {
        return judge(table, this::afterSettleDelay, publications.members());
    }

    /**
     * Judges one table: classify; when the verdict is not complete, let it settle; apply
     * {@code echodb.listener.no-primary-key} to a settled table; make an eligible table a member of the custom
     * publication.
     *
     * @param settling how a table without key settles
     * @param members the custom publication's members, read when an eligible table needs them
     * @return the verdict; empty when {@code settling} found the table gone; fails only when {@code settling} does
     */
    public Uni<Optional<ClassifiedTable>> judge(
            CatalogTable table, Settling settling, Uni<PublicationMembers> members) {
        ClassifiedTable first = classify(table);
        Uni<Optional<Look>> look = first.verdict().complete()
                ? Uni.createFrom().item(Optional.of(new Look(first, true)))
                : settling.settle(first);
        return look.chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.<ClassifiedTable>empty())
                : noPrimaryKey(found.get())
                        .chain(judged -> publications.ensureMember(judged, members))
                        .map(Optional::of));
    }

    private Uni<ClassifiedTable> noPrimaryKey(Look look) {
        return look.settled()
                ? identities.settle(look.table())
                : Uni.createFrom().item(look.table());
    }

    /** Waits the settle delay and looks the table up again by OID. */
    private Uni<Optional<Look>> afterSettleDelay(ClassifiedTable first) {
        CatalogTable table = first.table();
        Log.debugf(
                "Table %s (oid %d) has no primary key or replica identity yet; looking again in %s",
                table.qualifiedName(), table.oid(), config.settleDelay());
        ListenerMetrics.notificationsSettled(registry).increment();
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(config.settleDelay())
                .chain(() -> catalog.findByOid(table.oid()))
                .map(found -> found.map(again -> new Look(classify(again), true)));
    }

    private ClassifiedTable classify(CatalogTable table) {
        return new ClassifiedTable(table, classifier.classify(table));
    }
}
