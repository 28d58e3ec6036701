package io.echodb.mirror.service;

import io.echodb.common.peerdb.FlowStatus;
import io.echodb.mirror.client.ListMirrorsResponse;
import io.echodb.mirror.client.MirrorStatusResponse;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.TableRef;
import io.echodb.mirror.naming.MirrorNames;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads which tables of a source PeerDB mirrors in EchoDB-managed mirrors (contracts.md §5): those named by the
 * configured templates for the tables they map. One {@code GET /v1/mirrors/list}, then status reads only where the
 * name does not tell, at most 4 at once (docs/architecture.md, "Reading PeerDB's mirrors").
 */
@ApplicationScoped
public class MirrorCatalog {

    /** Kind of an EchoDB-managed mirror. */
    public enum Kind {
        /** One table, named by the per-table template. */
        PER_TABLE,
        /** The tables of one schema, named by the shared template. */
        SHARED
    }

    /**
     * A managed mirror holding a table.
     *
     * @param name mirror name
     * @param kind per-table or shared
     * @param status PeerDB's state of the mirror
     * @param plan the table in that mirror (destination from the configured template)
     */
    public record Placement(String name, Kind kind, FlowStatus status, MirrorPlan plan) {

        /** Whether PeerDB is dropping the mirror (it will be gone soon; its name cannot be reused yet). */
        public boolean terminating() {
            return status == FlowStatus.STATUS_TERMINATING || status == FlowStatus.STATUS_TERMINATED;
        }
    }

    /**
     * The managed mirrors of one source.
     *
     * @param source the source peer
     * @param loadedAt when the list was requested: registry entries settled before it are stale if absent here
     * @param placements where each table is, by table
     * @param sharedStates the state of each managed shared mirror, by name
     * @param foreign tables found in a mirror EchoDB does not manage, with that mirror's name (only mirrors whose
     *     tables were read)
     */
    public record Snapshot(
            String source,
            Instant loadedAt,
            Map<TableRef, Placement> placements,
            Map<String, FlowStatus> sharedStates,
            Map<TableRef, String> foreign) {

        /** The managed mirror holding {@code table}, if any. */
        public Optional<Placement> placementOf(TableRef table) {
            return Optional.ofNullable(placements.get(table));
        }
    }

    private record Mapped(FlowStatus status, List<String> tables) {}

    private final PeerDbClient peerDb;
    private final MirrorNames names;
    private final Map<String, List<String>> tablesById = new ConcurrentHashMap<>();

    MirrorCatalog(PeerDbClient peerDb, MirrorNames names) {
        this.peerDb = peerDb;
        this.names = names;
    }

    /**
     * The managed mirrors of {@code source}, reading PeerDB. {@code expected} are tables the caller knows of (e.g.
     * an inventory's): per-table mirrors named for them need no status request.
     *
     * @param schemas schemas whose shared mirror is looked for by name
     * @return the snapshot; fails when PeerDB cannot be read (after retries) or within 60 s
     */
    @Timeout
    public Uni<Snapshot> load(String source, Collection<String> schemas, Collection<TableRef> expected) {
        Instant loadedAt = Instant.now();
        Map<String, TableRef> perTableNames = new HashMap<>();
        expected.forEach(table -> names.plan(source, table.schema(), table.table())
                .ifPresent(plan -> perTableNames.putIfAbsent(plan.mirror(), table)));
        Map<String, String> sharedNames = new HashMap<>();
        schemas.forEach(schema -> sharedNames.putIfAbsent(names.sharedMirrorName(source, schema), schema));
        return peerDb.listMirrors()
                .map(items -> items.stream()
                        .filter(item -> item.isCdc() && source.equals(item.sourceName()))
                        .toList())
                .flatMap(items -> Multi.createFrom()
                        .iterable(items)
                        .onItem()
                        .transformToUni(item -> {
                            TableRef predicted = perTableNames.get(item.name());
                            if (predicted != null) {
                                return Uni.createFrom()
                                        .item(Map.entry(
                                                item,
                                                new Mapped(
                                                        FlowStatus.of(item.status()),
                                                        List.of(predicted.identifier()))));
                            }
                            return tablesOf(item, sharedNames.containsKey(item.name()))
                                    .map(mapped -> Map.entry(item, mapped));
                        })
                        .merge(4)
                        .collect()
                        .asList())
                .map(mirrors -> {
                    Map<TableRef, Placement> placements = new HashMap<>();
                    Map<String, FlowStatus> sharedStates = new HashMap<>();
                    Map<TableRef, String> foreign = new HashMap<>();
                    for (var entry : mirrors) {
                        place(source, entry.getKey().name(), entry.getValue(), placements, sharedStates, foreign);
                    }
                    Set<String> live = mirrors.stream()
                            .map(e -> e.getKey().id() + "#" + e.getKey().name())
                            .collect(Collectors.toSet());
                    tablesById
                            .keySet()
                            .removeIf(key ->
                                    key.startsWith(source + "/") && !live.contains(key.substring(source.length() + 1)));
                    return new Snapshot(
                            source, loadedAt, Map.copyOf(placements), Map.copyOf(sharedStates), Map.copyOf(foreign));
                });
    }

    /** Forgets the remembered tables of mirrors (tests). */
    public void forgetCache() {
        tablesById.clear();
    }

    /** Records where the tables of one mirror are: as placements if it is a managed one, else as foreign. */
    private void place(
            String source,
            String mirror,
            Mapped mapped,
            Map<TableRef, Placement> placements,
            Map<String, FlowStatus> sharedStates,
            Map<TableRef, String> foreign) {
        List<TableRef> tables = mapped.tables().stream()
                .map(id -> parse(source, id))
                .flatMap(Optional::stream)
                .toList();
        if (tables.size() == 1) {
            TableRef table = tables.getFirst();
            Optional<MirrorPlan> plan = names.plan(source, table.schema(), table.table());
            if (plan.isPresent() && plan.get().mirror().equals(mirror)) {
                placements.putIfAbsent(table, new Placement(mirror, Kind.PER_TABLE, mapped.status(), plan.get()));
                return;
            }
        }
        for (TableRef table : tables) {
            if (names.sharedMirrorName(source, table.schema()).equals(mirror)) {
                names.sharedPlan(source, table.schema(), table.table())
                        .ifPresent(plan -> placements.putIfAbsent(
                                table, new Placement(mirror, Kind.SHARED, mapped.status(), plan)));
                sharedStates.put(mirror, mapped.status());
            } else {
                foreign.putIfAbsent(table, mirror);
            }
        }
    }

    private Uni<Mapped> tablesOf(ListMirrorsResponse.Item item, boolean shared) {
        String key = item.sourceName() + "/" + item.id() + "#" + item.name();
        List<String> cached = shared ? null : tablesById.get(key);
        if (cached != null) {
            return Uni.createFrom().item(new Mapped(FlowStatus.of(item.status()), cached));
        }
        return peerDb.mirrorConfig(item.name()).map(status -> {
            List<String> tables = status.map(MirrorStatusResponse::sourceTables).orElse(List.of());
            FlowStatus state = status.map(MirrorStatusResponse::state).orElse(FlowStatus.STATUS_TERMINATED);
            if (!shared && status.isPresent()) {
                tablesById.put(key, tables);
            }
            return new Mapped(state, tables);
        });
    }

    /** {@code schema.table} split on the first dot, as PeerDB does (peerdb-api.md §5). */
    static Optional<TableRef> parse(String source, String identifier) {
        int dot = identifier.indexOf('.');
        if (dot <= 0 || dot == identifier.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new TableRef(source, identifier.substring(0, dot), identifier.substring(dot + 1)));
    }
}
