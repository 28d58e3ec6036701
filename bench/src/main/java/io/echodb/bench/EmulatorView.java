package io.echodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.echodb.testing.peerdb.MirrorSnapshot;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.echodb.testing.peerdb.ReceivedCreateRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the benchmark reads from the PeerDB emulator (in this JVM, so its {@code receivedNanos} share the clock of
 * the JDBC client), and its latency switch.
 */
final class EmulatorView {

    /** PeerDB's create route (peerdb-api.md §1.2). */
    static final String CREATE_ROUTE = "/v1/flows/cdc/create";
    /** PeerDB's state-change route (pause, resume, table additions). */
    static final String STATE_CHANGE_ROUTE = "/v1/mirrors/state_change";

    private final PeerDbEmulator emulator;

    EmulatorView(PeerDbEmulator emulator) {
        this.emulator = emulator;
    }

    /**
     * One create request: the mirror name, the source tables it maps ({@code schema.table}) and when it arrived.
     *
     * @param mirror {@code flowJobName}
     * @param tables {@code tableMappings[].sourceTableIdentifier}
     * @param receivedNanos {@link System#nanoTime()} when the emulator handled it (after any added latency)
     */
    record Create(String mirror, List<String> tables, long receivedNanos) {}

    /** Every create request received so far, oldest first. */
    List<Create> creates() {
        return emulator.createRequests().stream().map(EmulatorView::create).toList();
    }

    /** The creates received from index {@code from} on (creates are only appended, until a reset). */
    List<Create> createsFrom(int from) {
        List<ReceivedCreateRequest> all = emulator.createRequests();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .map(EmulatorView::create)
                .toList();
    }

    /** The mirrors in the emulator's catalog now. */
    List<MirrorSnapshot> mirrors() {
        return emulator.mirrors();
    }

    /** How many of {@code tables} ({@code schema.table}) are mapped by some mirror now. */
    int mirroredCount(Set<String> tables) {
        int count = 0;
        for (MirrorSnapshot mirror : emulator.mirrors()) {
            for (String table : mirror.sourceTables()) {
                if (tables.contains(table)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The {@code info} rows {@code Mirror pause signaled} written for {@code mirror} at or after {@code since}: one
     * per pause. (The emulator keeps a mirror's rows for its whole life, and later bursts add to the same shared
     * mirror, so a burst counts only its own.)
     */
    long pauses(String mirror, Instant since) {
        return emulator.logs().stream()
                .filter(row -> mirror.equals(row.flowName()))
                .filter(row -> !row.timestamp().isBefore(since))
                .filter(row -> row.message().toLowerCase(Locale.ROOT).contains("pause signaled"))
                .count();
    }

    /**
     * Adds {@code latency} to every request on {@code route} from now on, through the emulator's fault switch
     * ({@code POST /_emulator/faults}).
     *
     * @throws IllegalStateException when the emulator has no latency switch (an older test-fixtures)
     */
    void addLatency(String route, Duration latency) {
        int status = Http.postJson(
                emulator.baseUrl() + "/_emulator/faults",
                "{\"kind\":\"latency\",\"latencyMs\":" + latency.toMillis() + ",\"route\":\"" + route + "\"}");
        if (status / 100 != 2) {
            throw new IllegalStateException("the PeerDB emulator refused the latency switch (HTTP " + status
                    + "); it needs the fault switches of test-fixtures");
        }
    }

    private static Create create(ReceivedCreateRequest request) {
        JsonNode configs = field(request.json(), "connectionConfigs", "connection_configs");
        List<String> tables = new ArrayList<>();
        for (JsonNode mapping : field(configs, "tableMappings", "table_mappings")) {
            tables.add(field(mapping, "sourceTableIdentifier", "source_table_identifier")
                    .asText());
        }
        return new Create(field(configs, "flowJobName", "flow_job_name").asText(), tables, request.receivedNanos());
    }

    /** A field under its lowerCamel or snake_case name (grpc-gateway accepts both). */
    private static JsonNode field(JsonNode node, String camel, String snake) {
        if (node == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = node.path(camel);
        return value.isMissingNode() ? node.path(snake) : value;
    }
}
