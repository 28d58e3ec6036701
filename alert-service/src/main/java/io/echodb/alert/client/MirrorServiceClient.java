package io.echodb.alert.client;

import io.echodb.alert.domain.MirrorServiceSnapshot;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * mirror-service as alert-service watches it: dead letters, skipped and unmirrored tables, circuit breakers and
 * the pause cycles of shared mirrors in flight, read with four GETs per poll. Optional: without {@code quarkus.rest-client.mirror-service.url} it is not polled
 * and the rules {@code table-unmirrored}, {@code table-skipped} and {@code auto-mirror-failing} have nothing to
 * evaluate.
 */
@ApplicationScoped
public class MirrorServiceClient {

    private final Instance<MirrorServiceRestClient> rest;
    private final boolean configured;

    MirrorServiceClient(
            @RestClient Instance<MirrorServiceRestClient> rest,
            @ConfigProperty(name = "quarkus.rest-client.mirror-service.url") Optional<String> url) {
        this.rest = rest;
        this.configured = url.filter(value -> !value.isBlank()).isPresent();
    }

    /** Whether a mirror-service URL is configured. */
    public boolean configured() {
        return configured;
    }

    /**
     * Reads the four lists.
     *
     * @return the report; fails when any of the four calls fails
     * @throws IllegalStateException when no URL is configured
     */
    public Uni<MirrorServiceSnapshot> report() {
        if (!configured) {
            throw new IllegalStateException("quarkus.rest-client.mirror-service.url is not set");
        }
        MirrorServiceRestClient client = rest.get();
        return Uni.combine()
                .all()
                .unis(client.deadLetters(), client.skippedTables(), client.unmirroredTables(), client.status())
                .asTuple()
                .map(all -> new MirrorServiceSnapshot(
                        orEmpty(all.getItem1()).stream()
                                .map(MirrorServiceClient::toDomain)
                                .toList(),
                        orEmpty(all.getItem2()).stream()
                                .map(MirrorServiceClient::toDomain)
                                .toList(),
                        orEmpty(all.getItem3()).stream()
                                .map(MirrorServiceClient::toDomain)
                                .toList(),
                        all.getItem4() == null || all.getItem4().circuitBreakers() == null
                                ? Map.of()
                                : all.getItem4().circuitBreakers(),
                        all.getItem4() == null
                                ? List.of()
                                : orEmpty(all.getItem4().pauseCycles()).stream()
                                        .filter(cycle -> cycle.mirror() != null && cycle.since() != null)
                                        .map(MirrorServiceClient::toDomain)
                                        .toList()));
    }

    private static MirrorServiceSnapshot.DeadLetter toDomain(MirrorServiceRestClient.DeadLetter letter) {
        return new MirrorServiceSnapshot.DeadLetter(
                letter.id(),
                letter.source(),
                letter.schema(),
                letter.table(),
                letter.mirror(),
                letter.operation(),
                letter.attempts() == null ? 0 : letter.attempts(),
                letter.lastError(),
                letter.firstSeen(),
                letter.lastSeen());
    }

    private static MirrorServiceSnapshot.SkippedTable toDomain(MirrorServiceRestClient.SkippedTable table) {
        return new MirrorServiceSnapshot.SkippedTable(
                table.source(), table.schema(), table.table(), table.decidedBy(), table.reason(), table.recordedAt());
    }

    private static MirrorServiceSnapshot.UnmirroredTable toDomain(MirrorServiceRestClient.UnmirroredTable table) {
        return new MirrorServiceSnapshot.UnmirroredTable(
                table.source(), table.schema(), table.table(), table.eligibleSince(), table.lastError());
    }

    private static MirrorServiceSnapshot.PauseCycle toDomain(MirrorServiceRestClient.PauseCycle cycle) {
        List<String> added = orEmpty(cycle.tablesAddedNames());
        return new MirrorServiceSnapshot.PauseCycle(
                cycle.mirror(),
                cycle.source(),
                cycle.tablesAdded() == null ? added.size() : cycle.tablesAdded(),
                added,
                orEmpty(cycle.tablesRemoved()),
                cycle.step() == null ? "PAUSING" : cycle.step(),
                cycle.since(),
                cycle.stepSince() == null ? cycle.since() : cycle.stepSince(),
                cycle.expectedBy());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
