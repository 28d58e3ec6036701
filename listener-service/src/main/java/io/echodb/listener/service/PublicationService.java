package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
import io.echodb.listener.service.TableCatalogRepository.PublicationMembers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * With a custom publication ({@code echodb.listener.publication-name}), makes every eligible table a member of it
 * before it is reported eligible (docs/contracts.md §7); a table PostgreSQL refuses to add is reported ineligible.
 * See docs/architecture.md §"Custom publication".
 */
@ApplicationScoped
public class PublicationService {

    /** SQLSTATE duplicate_object: the table is already a member (e.g. added by another replica meanwhile). */
    private static final String ALREADY_MEMBER = "42710";

    private final ListenerConfig config;
    private final TableCatalogRepository catalog;
    private final LastErrorService lastError;
    private final MeterRegistry registry;

    public PublicationService(
            ListenerConfig config, TableCatalogRepository catalog, LastErrorService lastError, MeterRegistry registry) {
        this.config = config;
        this.catalog = catalog;
        this.lastError = lastError;
        this.registry = registry;
    }

    /** Whether a custom publication is configured. */
    public boolean enabled() {
        return config.publicationName().isPresent();
    }

    /**
     * The current members of the custom publication, for {@link #ensureMember(ClassifiedTable, Uni)}; an empty
     * set when none is configured.
     *
     * @return fails with the client's exception when the catalog cannot be read
     */
    public Uni<PublicationMembers> members() {
        return config.publicationName()
                .map(catalog::publicationMembers)
                .orElseGet(() -> Uni.createFrom().item(new PublicationMembers(false, Set.of())));
    }

    /** {@link #ensureMember(ClassifiedTable, Uni)} reading the members when needed; never fails. */
    public Uni<ClassifiedTable> ensureMember(ClassifiedTable classified) {
        return ensureMember(classified, members());
    }

    /**
     * Makes an eligible table a member of the custom publication.
     *
     * @param classified the table; ineligible tables, and all tables without a custom publication, are
     *     returned unchanged
     * @param members the publication's members, subscribed to only for an eligible table; when they cannot be
     *     read the table is reported ineligible
     * @return the table, eligible when it is (now) a member, else ineligible with the reason; never fails
     */
    public Uni<ClassifiedTable> ensureMember(ClassifiedTable classified, Uni<PublicationMembers> members) {
        if (!enabled() || !classified.verdict().eligible()) {
            return Uni.createFrom().item(classified);
        }
        return members.chain(found -> found.contains(classified.table().oid())
                        ? Uni.createFrom().item(classified)
                        : add(classified))
                .onFailure()
                .recoverWithItem(failure -> refused(classified.table(), failure));
    }

    private Uni<ClassifiedTable> add(ClassifiedTable classified) {
        CatalogTable table = classified.table();
        String publication = config.publicationName().orElseThrow();
        return catalog.addToPublication(publication, table.schema(), table.table())
                .onFailure(PublicationService::alreadyMember)
                .recoverWithNull()
                .map(ignored -> {
                    Log.infof(
                            "Added %s (oid %d) to publication %s (echodb.listener.publication-name)",
                            table.qualifiedName(), table.oid(), publication);
                    ListenerMetrics.publicationAdditions(registry, "ok").increment();
                    return classified;
                });
    }

    private ClassifiedTable refused(CatalogTable table, Throwable failure) {
        String publication = config.publicationName().orElseThrow();
        String cause = failure instanceof PgException pg ? pg.getErrorMessage() : failure.getMessage();
        Log.warnf(
                "Table %s (oid %d) will not be mirrored: it could not be added to publication %s "
                        + "(echodb.listener.publication-name): %s",
                table.qualifiedName(), table.oid(), publication, cause);
        ListenerMetrics.publicationAdditions(registry, "failed").increment();
        lastError.record("adding " + table.qualifiedName() + " to publication " + publication + " failed: " + cause);
        return new ClassifiedTable(
                table, Eligibility.no("could not be added to publication \"" + publication + "\": " + cause));
    }

    private static boolean alreadyMember(Throwable failure) {
        return failure instanceof PgException pg && ALREADY_MEMBER.equals(pg.getSqlState());
    }
}
