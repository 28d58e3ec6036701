package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.service.TableCatalogRepository.PublicationMembers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * With a custom publication ({@code echodb.listener.publication-name}), makes every eligible table a member
 * of it before it is reported eligible (docs/contracts.md §7): PeerDB uses a custom publication as it is and
 * refuses tables missing from it. A table already listed (or a {@code FOR ALL TABLES} publication) needs
 * nothing; otherwise {@code ALTER PUBLICATION … ADD TABLE} runs (needs ownership of the publication and of
 * the table). When PostgreSQL refuses, the table is reported ineligible with PostgreSQL's message, logged at
 * WARN, and the next inventory tries again. Without the setting every table passes unchanged.
 *
 * <p>Metric: {@code echodb.publication.additions} (tag {@code outcome}: ok, failed).
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
     * The current members of the custom publication, for {@link #ensureMember(ClassifiedTable, PublicationMembers)};
     * an empty set when none is configured.
     *
     * @return fails with the client's exception when the catalog cannot be read
     */
    public Uni<PublicationMembers> members() {
        return config.publicationName()
                .map(catalog::publicationMembers)
                .orElseGet(() -> Uni.createFrom().item(new PublicationMembers(false, false, Set.of())));
    }

    /** {@link #ensureMember(ClassifiedTable, PublicationMembers)} after reading the members; never fails. */
    public Uni<ClassifiedTable> ensureMember(ClassifiedTable classified) {
        if (!enabled() || !classified.verdict().eligible()) {
            return Uni.createFrom().item(classified);
        }
        return members()
                .chain(members -> ensureMember(classified, members))
                .onFailure().recoverWithItem(failure -> refused(classified.table(), failure));
    }

    /**
     * Makes an eligible table a member of the custom publication.
     *
     * @param classified the table; ineligible tables, and all tables without a custom publication, are
     *     returned unchanged
     * @param members the publication's members, read before
     * @return the table, eligible when it is (now) a member, else ineligible with the reason; never fails
     */
    public Uni<ClassifiedTable> ensureMember(ClassifiedTable classified, PublicationMembers members) {
        CatalogTable table = classified.table();
        if (!enabled() || !classified.verdict().eligible() || members.contains(table.oid())) {
            return Uni.createFrom().item(classified);
        }
        String publication = config.publicationName().orElseThrow();
        return catalog.addToPublication(publication, table.schema(), table.table())
                .onFailure(PublicationService::alreadyMember).recoverWithNull()
                .map(ignored -> {
                    Log.infof("Added %s (oid %d) to publication %s (echodb.listener.publication-name)",
                            table.qualifiedName(), table.oid(), publication);
                    registry.counter("echodb.publication.additions", "outcome", "ok").increment();
                    return classified;
                })
                .onFailure().recoverWithItem(failure -> refused(table, failure));
    }

    private ClassifiedTable refused(CatalogTable table, Throwable failure) {
        String publication = config.publicationName().orElseThrow();
        String cause = failure instanceof PgException pg ? pg.getErrorMessage() : failure.getMessage();
        Log.warnf("Table %s (oid %d) will not be mirrored: it could not be added to publication %s "
                + "(echodb.listener.publication-name): %s", table.qualifiedName(), table.oid(), publication, cause);
        registry.counter("echodb.publication.additions", "outcome", "failed").increment();
        lastError.record("adding " + table.qualifiedName() + " to publication " + publication + " failed: " + cause);
        return new ClassifiedTable(table, Eligibility.no("could not be added to publication \"" + publication + "\": " + cause));
    }

    private static boolean alreadyMember(Throwable failure) {
        return failure instanceof PgException pg && ALREADY_MEMBER.equals(pg.getSqlState());
    }
}
