package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The part of PeerDB's {@code FlowConnectionConfigs} (protos/flow.proto, peerdb-api.md §3.1) EchoDB sends;
 * PeerDB fills everything else with its defaults.
 *
 * @param flowJobName mirror name, {@code ^[a-z_][a-z0-9_]*$}
 * @param sourceName source peer name
 * @param destinationName destination peer name
 * @param tableMappings the tables of the mirror
 * @param doInitialSnapshot copy existing rows before streaming changes
 * @param idleTimeoutSeconds sync interval in seconds (uint64: sent as a number, read back as a string)
 * @param publicationName an existing publication holding the tables, or empty: PeerDB creates
 *     {@code peerflow_pub_<flowJobName>}
 * @param system type system, {@code Q} for ClickHouse destinations
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowConnectionConfigs(
        String flowJobName,
        String sourceName,
        String destinationName,
        List<TableMapping> tableMappings,
        boolean doInitialSnapshot,
        long idleTimeoutSeconds,
        String publicationName,
        String system) {

    /** PeerDB's {@code TypeSystem} for ClickHouse destinations. */
    public static final String SYSTEM_Q = "Q";
}
