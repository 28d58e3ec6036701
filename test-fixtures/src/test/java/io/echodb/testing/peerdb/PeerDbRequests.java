package io.echodb.testing.peerdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** Emulators and request bodies for the PeerDB emulator tests, as mirror-service sends them. */
final class PeerDbRequests {

    static final ObjectMapper JSON = new ObjectMapper();

    private PeerDbRequests() {}

    /**
     * A started emulator with peers {@code postgres_main} (the database at {@code jdbcUrl}, superuser) and
     * {@code clickhouse_analytics}, status changes {@code stepDelay} apart, blocked setups retried every 100 ms.
     */
    static PeerDbEmulator startEmulator(String jdbcUrl, Duration stepDelay) {
        return PeerDbEmulator.builder()
                .peer(PeerDbEmulator.Peer.postgres("postgres_main", jdbcUrl, "postgres", ""))
                .peer(PeerDbEmulator.Peer.clickhouse("clickhouse_analytics"))
                .stepDelay(stepDelay)
                .retryInterval(Duration.ofMillis(100))
                .build()
                .start();
    }

    /** A {@code CreateCDCFlowRequest} from {@code postgres_main} to {@code clickhouse_analytics}. */
    static ObjectNode create(String name, boolean snapshot, String... sourceTables) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode config = body.putObject("connectionConfigs");
        config.put("flowJobName", name);
        config.put("sourceName", "postgres_main");
        config.put("destinationName", "clickhouse_analytics");
        ArrayNode mappings = config.putArray("tableMappings");
        for (String table : sourceTables) {
            mappings.addObject()
                    .put("sourceTableIdentifier", table)
                    .put("destinationTableIdentifier", table.replace('.', '_'));
        }
        config.put("doInitialSnapshot", snapshot);
        config.put("idleTimeoutSeconds", 60);
        config.put("system", "Q");
        body.put("attachToExisting", false);
        return body;
    }
}
