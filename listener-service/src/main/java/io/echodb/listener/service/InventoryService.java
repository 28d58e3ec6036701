package io.echodb.listener.service;

import io.echodb.listener.client.MirrorServiceClient;
import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.domain.Inventory;
import io.echodb.listener.domain.InventoryTable;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Sends the inventory, every table of the watched schemas judged by {@link EligibilityService}, to mirror-service
 * ({@code PUT /api/v1/sources/{source}/inventory}, docs/contracts.md §5): once the LISTEN connection is up, after
 * every reconnect and every {@code echodb.listener.inventory-interval}; requests coalesce, never two at once.
 * See docs/architecture.md §"The inventory".
 */
@Startup
@ApplicationScoped
public class InventoryService {

    /** Why an inventory is sent; a log field. */
    public enum Trigger {
        /** The LISTEN connection came up for the first time. */
        START,
        /** The LISTEN connection came back after a loss. */
        RECONNECT,
        /** {@code echodb.listener.inventory-interval} elapsed. */
        PERIODIC;

        String label() {
            return name().toLowerCase();
        }
    }

    private final ListenerConfig config;
    private final TableCatalogRepository catalog;
    private final TableClassifier classifier;
    private final EligibilityService eligibility;
    private final ReplicaIdentityService identities;
    private final PublicationService publications;
    private final MirrorServiceClient client;
    private final LastErrorService lastError;
    private final MeterRegistry registry;

    private final AtomicInteger pending = new AtomicInteger();
    private volatile Trigger nextTrigger = Trigger.START;
    private final AtomicInteger eligibleTables;
    private final AtomicInteger skippedTables;
    /** OID → when an inventory first saw the table without key (replica-identity-full only). */
    private final Map<Long, Instant> withoutKeySince = new ConcurrentHashMap<>();
    /** OID → skip reason reported by the previous inventory, so that each skip is logged once. */
    private volatile Map<Long, String> reportedSkips = Map.of();

    public InventoryService(
            ListenerConfig config,
            TableCatalogRepository catalog,
            TableClassifier classifier,
            EligibilityService eligibility,
            ReplicaIdentityService identities,
            PublicationService publications,
            MirrorServiceClient client,
            LastErrorService lastError,
            MeterRegistry registry) {
        this.config = config;
        this.catalog = catalog;
        this.classifier = classifier;
        this.eligibility = eligibility;
        this.identities = identities;
        this.publications = publications;
        this.client = client;
        this.lastError = lastError;
        this.registry = registry;
        this.eligibleTables = tablesGauge(registry, "true");
        this.skippedTables = tablesGauge(registry, "false");
    }

    /**
     * Every {@code echodb.listener.inventory-interval}, from one interval after startup; the LISTEN connection asks
     * for the first inventory.
     */
    @Scheduled(
            identity = "echodb-inventory",
            every = "${echodb.listener.inventory-interval}",
            delayed = "${echodb.listener.inventory-interval}")
    void periodic() {
        request(Trigger.PERIODIC);
    }

    /**
     * Asks for an inventory to be taken and sent; returns at once. When one is running, one more is sent
     * after it, however many requests arrive meanwhile.
     */
    public void request(Trigger trigger) {
        nextTrigger = trigger;
        if (pending.getAndIncrement() == 0) {
            runPending();
        }
    }

    private void runPending() {
        int requests = pending.get();
        Trigger trigger = nextTrigger;
        send(trigger).subscribe().with(ignored -> finished(requests), failure -> {
            Log.errorf(failure, "Unexpected failure of the inventory");
            finished(requests);
        });
    }

    private void finished(int requests) {
        if (pending.addAndGet(-requests) > 0) {
            runPending();
        }
    }

    /**
     * Takes one inventory and sends it; logs and counts the outcome.
     *
     * @return the inventory sent, or null when the catalog query or the delivery failed; never fails
     */
    Uni<Inventory> send(Trigger trigger) {
        Timer.Sample sample = Timer.start(registry);
        return take().call(inventory -> client.putInventory(inventory))
                .invoke(inventory -> {
                    sample.stop(timer("ok"));
                    Log.infof(
                            "Inventory of source %s sent (%s): %d tables in %d schemas, %d eligible",
                            inventory.source(),
                            trigger.label(),
                            inventory.tables().size(),
                            inventory.schemas().size(),
                            inventory.eligibleCount());
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    sample.stop(timer("failed"));
                    Log.errorf(
                            "Inventory of source %s (%s) could not be sent, the next one repairs it: %s",
                            config.sourcePeer(), trigger.label(), failure.getMessage());
                    lastError.record("inventory failed: " + failure.getMessage());
                    return null;
                });
    }

    /**
     * Takes an inventory: one catalog query, every table classified, {@code no-primary-key} applied to tables
     * that have been without key for at least the settle delay.
     *
     * @return the inventory (not sent); fails with the client's exception when the query cannot run
     */
    public Uni<Inventory> take() {
        Instant takenAt = Instant.now();
        return catalog.listTables(classifier.watchedSchemaGlobs().stream()
                        .map(TableClassifier::globToLike)
                        .toList())
                .chain(listing -> publications
                        .members()
                        .chain(members -> Multi.createFrom()
                                .iterable(listing.tables())
                                .onItem()
                                .transformToUniAndConcatenate(table -> eligibility.judge(
                                        table,
                                        first -> settled(first, takenAt),
                                        Uni.createFrom().item(members)))
                                .map(judged -> InventoryTable.of(judged.orElseThrow()))
                                .collect()
                                .asList()
                                .map(tables -> new Inventory(
                                        config.sourcePeer(), takenAt, schemas(listing.schemas()), tables))))
                .invoke(this::record);
    }

    /**
     * An inventory's settle rule: a table without key has settled once an earlier inventory of this process saw it
     * without key at least {@code settle-delay} before {@code takenAt}.
     */
    private Uni<Optional<EligibilityService.Look>> settled(ClassifiedTable first, Instant takenAt) {
        boolean settled = true;
        if (identities.applies(first)) {
            CatalogTable table = first.table();
            Instant since = withoutKeySince.computeIfAbsent(table.oid(), oid -> takenAt);
            settled = Duration.between(since, takenAt).compareTo(config.settleDelay()) >= 0;
            if (!settled) {
                Log.debugf(
                        "Table %s (oid %d) has no primary key; REPLICA IDENTITY FULL is set by a later inventory "
                                + "if it still has none",
                        table.qualifiedName(), table.oid());
            }
        }
        return Uni.createFrom().item(Optional.of(new EligibilityService.Look(first, settled)));
    }

    /** Watched names without wildcards (present or not) plus the existing schemas that matched, not internal ones. */
    private List<String> schemas(List<String> found) {
        Set<String> schemas = new TreeSet<>(found);
        classifier.watchedSchemaGlobs().stream()
                .filter(glob -> !TableClassifier.isGlob(glob))
                .forEach(schemas::add);
        schemas.removeIf(TableClassifier::isInternalSchema);
        return List.copyOf(schemas);
    }

    /** Updates the gauges, forgets tables no longer without key, logs each new skip once. */
    private void record(Inventory inventory) {
        int eligible = (int) inventory.eligibleCount();
        eligibleTables.set(eligible);
        skippedTables.set(inventory.tables().size() - eligible);
        Map<Long, String> skips = inventory.tables().stream()
                .filter(table -> !table.eligible())
                .collect(Collectors.toMap(InventoryTable::oid, InventoryTable::reason, (a, b) -> a, HashMap::new));
        withoutKeySince
                .keySet()
                .retainAll(inventory.tables().stream()
                        .filter(table ->
                                table.reason() != null && table.reason().startsWith(TableClassifier.NO_IDENTITY))
                        .map(InventoryTable::oid)
                        .collect(Collectors.toSet()));
        Map<Long, String> previous = reportedSkips;
        inventory.tables().stream()
                .filter(table -> !table.eligible() && !Objects.equals(previous.get(table.oid()), table.reason()))
                .forEach(table -> Log.warnf(
                        "Table %s.%s (oid %d) will not be mirrored: %s",
                        table.schema(), table.table(), table.oid(), table.reason()));
        reportedSkips = skips;
    }

    private static AtomicInteger tablesGauge(MeterRegistry registry, String eligible) {
        // An earlier application in the same JVM (tests, dev mode) leaves its gauge in Micrometer's global
        // registry; registering again would keep reading that one.
        Optional.ofNullable(registry.find(ListenerMetrics.INVENTORY_TABLES)
                        .tag("eligible", eligible)
                        .gauge())
                .ifPresent(registry::remove);
        AtomicInteger tables = new AtomicInteger();
        ListenerMetrics.inventoryTables(registry, eligible, tables);
        return tables;
    }

    private Timer timer(String outcome) {
        return ListenerMetrics.inventorySent(registry, outcome);
    }
}
