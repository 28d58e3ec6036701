package io.echodb.testing.peerdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flow-api messages the emulator reads and writes, as records whose component names are the protojson
 * names (protos/route.proto, flow.proto, peers.proto; peerdb-api.md §3–§6). Compact constructors replace a
 * missing field with its proto default, so every field is written back populated. {@code uint32} fields are
 * Java {@code long}s written as numbers; 64-bit fields carry {@code @JsonFormat(shape = STRING)}.
 */
final class PeerDbProtos {

    private PeerDbProtos() {}

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static <T> List<T> orEmpty(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** Map fields, with keys in sorted order as protojson writes them. */
    static Map<String, String> orEmpty(Map<String, String> value) {
        return value == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(value));
    }

    /** {@code TableEngine} (flow.proto). */
    enum TableEngine implements ProtoEnum {
        CH_ENGINE_REPLACING_MERGE_TREE,
        CH_ENGINE_MERGE_TREE,
        CH_ENGINE_NULL,
        CH_ENGINE_REPLICATED_REPLACING_MERGE_TREE,
        CH_ENGINE_REPLICATED_MERGE_TREE,
        CH_ENGINE_COALESCING_MERGE_TREE;

        @JsonCreator
        static TableEngine fromJson(JsonNode node) {
            return ProtoEnum.parse(TableEngine.class, node);
        }
    }

    /** {@code TypeSystem} (flow.proto). */
    enum TypeSystem implements ProtoEnum {
        Q,
        PG;

        @JsonCreator
        static TypeSystem fromJson(JsonNode node) {
            return ProtoEnum.parse(TypeSystem.class, node);
        }
    }

    /** {@code CreatePeerStatus} (route.proto). */
    enum CreatePeerStatus {
        VALIDATION_UNKNOWN,
        CREATED,
        FAILED
    }

    /** {@code ColumnSetting}. */
    record ColumnSetting(
            String sourceName,
            String destinationName,
            String destinationType,
            int ordering,
            int partitioning,
            boolean nullableEnabled) {
        ColumnSetting {
            sourceName = orEmpty(sourceName);
            destinationName = orEmpty(destinationName);
            destinationType = orEmpty(destinationType);
        }
    }

    /** {@code TableMapping}. */
    record TableMapping(
            String sourceTableIdentifier,
            String destinationTableIdentifier,
            String partitionKey,
            List<String> exclude,
            List<ColumnSetting> columns,
            TableEngine engine,
            String shardingKey,
            String policyName,
            String partitionByExpr) {
        TableMapping {
            sourceTableIdentifier = orEmpty(sourceTableIdentifier);
            destinationTableIdentifier = orEmpty(destinationTableIdentifier);
            partitionKey = orEmpty(partitionKey);
            exclude = orEmpty(exclude);
            columns = orEmpty(columns);
            engine = engine == null ? TableEngine.CH_ENGINE_REPLACING_MERGE_TREE : engine;
            shardingKey = orEmpty(shardingKey);
            policyName = orEmpty(policyName);
            partitionByExpr = orEmpty(partitionByExpr);
        }
    }

    /** {@code FlowConnectionConfigs} (peerdb-api.md §3.1); {@code skipValidation} is a proto3 optional. */
    record FlowConnectionConfigs(
            String flowJobName,
            List<TableMapping> tableMappings,
            long maxBatchSize,
            @JsonFormat(shape = JsonFormat.Shape.STRING) long idleTimeoutSeconds,
            String cdcStagingPath,
            String publicationName,
            String replicationSlotName,
            boolean doInitialSnapshot,
            long snapshotNumRowsPerPartition,
            long snapshotNumPartitionsOverride,
            String snapshotStagingPath,
            long snapshotMaxParallelWorkers,
            long snapshotNumTablesInParallel,
            boolean resync,
            boolean initialSnapshotOnly,
            String softDeleteColName,
            String syncedAtColName,
            String script,
            TypeSystem system,
            String sourceName,
            String destinationName,
            Map<String, String> env,
            long version,
            List<String> flags,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean skipValidation) {
        FlowConnectionConfigs {
            flowJobName = orEmpty(flowJobName);
            tableMappings = orEmpty(tableMappings);
            cdcStagingPath = orEmpty(cdcStagingPath);
            publicationName = orEmpty(publicationName);
            replicationSlotName = orEmpty(replicationSlotName);
            snapshotStagingPath = orEmpty(snapshotStagingPath);
            softDeleteColName = orEmpty(softDeleteColName);
            syncedAtColName = orEmpty(syncedAtColName);
            script = orEmpty(script);
            system = system == null ? TypeSystem.Q : system;
            sourceName = orEmpty(sourceName);
            destinationName = orEmpty(destinationName);
            env = orEmpty(env);
            flags = orEmpty(flags);
        }

        /** CDC is off: snapshot, then STATUS_COMPLETED. */
        boolean noCdc() {
            return doInitialSnapshot && initialSnapshotOnly;
        }
    }

    /** {@code CreateCDCFlowRequest}, the body of create and validate. */
    record CreateCdcFlowRequest(FlowConnectionConfigs connectionConfigs, boolean attachToExisting) {}

    /** {@code CreateCDCFlowResponse}. */
    record CreateCdcFlowResponse(String workflowId) {}

    /** {@code PostgresConfig} (peers.proto); other fields are ignored. */
    record PostgresConfig(String host, long port, String user, String password, String database) {
        PostgresConfig {
            host = orEmpty(host);
            user = orEmpty(user);
            password = orEmpty(password);
            database = orEmpty(database);
        }
    }

    /** {@code Peer}: the emulator keeps the Postgres config; other configs only mark which oneof is set. */
    record PeerMessage(
            String name,
            DbType type,
            PostgresConfig postgresConfig,
            JsonNode clickhouseConfig,
            JsonNode bigqueryConfig,
            JsonNode snowflakeConfig,
            JsonNode s3Config,
            JsonNode mysqlConfig) {
        PeerMessage {
            name = orEmpty(name);
            type = type == null ? DbType.BIGQUERY : type;
        }
    }

    /** {@code CreatePeerRequest}. */
    record CreatePeerRequest(PeerMessage peer, boolean allowUpdate, boolean disableValidation) {}

    /** {@code CreatePeerResponse}. */
    record CreatePeerResponse(CreatePeerStatus status, String message) {}

    /** {@code PeerListItem}. */
    record PeerListItem(String name, DbType type) {}

    /** {@code ListPeersResponse}. */
    record ListPeersResponse(
            List<PeerListItem> items, List<PeerListItem> sourceItems, List<PeerListItem> destinationItems) {}

    /** {@code PeerDBVersionResponse}; {@code deploymentVersion} is optional and unset, so not written. */
    record VersionResponse(String version) {}

    /**
     * {@code SlotInfo} (protos/route.proto; peerdb-api.md §4.4): one replication slot of a Postgres peer.
     * {@code proto3 optional} fields are omitted when unset; 64-bit integers are strings; floats plain numbers.
     */
    record SlotInfo(
            String slotName,
            String redoLSN,
            String restartLSN,
            boolean active,
            float lagInMb,
            String confirmedFlushLSN,
            String walStatus,
            @JsonInclude(JsonInclude.Include.NON_NULL) String sentLSN,
            String currentLSN,
            float restartToConfirmedMb,
            float confirmedToCurrentMb,
            String waitEventType,
            String waitEvent,
            String backendState,
            @JsonFormat(shape = JsonFormat.Shape.STRING) long logicalDecodingWorkMemMb,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            Long statsReset,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            Long spillTxns,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            Long spillCount,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            Long spillBytes,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            Long safeWalSize) {
        SlotInfo {
            slotName = orEmpty(slotName);
            redoLSN = orEmpty(redoLSN);
            restartLSN = orEmpty(restartLSN);
            confirmedFlushLSN = orEmpty(confirmedFlushLSN);
            walStatus = orEmpty(walStatus);
            currentLSN = orEmpty(currentLSN);
            waitEventType = orEmpty(waitEventType);
            waitEvent = orEmpty(waitEvent);
            backendState = orEmpty(backendState);
        }
    }

    /** {@code PeerSlotResponse}. */
    record PeerSlotResponse(List<SlotInfo> slotData) {
        PeerSlotResponse {
            slotData = orEmpty(slotData);
        }
    }

    /** {@code ListMirrorsItem} (peerdb-api.md §4.2). */
    record ListMirrorsItem(
            @JsonFormat(shape = JsonFormat.Shape.STRING) long id,
            String workflowId,
            String name,
            String sourceName,
            DbType sourceType,
            String destinationName,
            DbType destinationType,
            double createdAt,
            boolean isCdc,
            FlowStatus status) {}

    /** {@code ListMirrorsResponse}. */
    record ListMirrorsResponse(List<ListMirrorsItem> mirrors) {}

    /** {@code MirrorStatusRequest} (peerdb-api.md §4.1). */
    record MirrorStatusRequest(
            String flowJobName, boolean includeFlowInfo, boolean excludeBatches, boolean excludeSnapshotStatus) {
        MirrorStatusRequest {
            flowJobName = orEmpty(flowJobName);
        }
    }

    /** {@code CloneTableSummary}. */
    record CloneTableSummary(
            String tableName,
            Instant startTime,
            int numPartitionsCompleted,
            int numPartitionsTotal,
            @JsonFormat(shape = JsonFormat.Shape.STRING) long numRowsSynced,
            @JsonFormat(shape = JsonFormat.Shape.STRING) long avgTimePerPartitionMs,
            String flowJobName,
            String sourceTable,
            boolean fetchCompleted,
            boolean consolidateCompleted,
            String mirrorName) {}

    /** {@code SnapshotStatus}. */
    record SnapshotStatus(List<CloneTableSummary> clones) {}

    /** {@code CDCMirrorStatus}; the emulator moves no data, so there are never CDC batches. */
    record CdcMirrorStatus(
            FlowConnectionConfigs config,
            SnapshotStatus snapshotStatus,
            List<Object> cdcBatches,
            DbType sourceType,
            DbType destinationType,
            @JsonFormat(shape = JsonFormat.Shape.STRING) long rowsSynced) {}

    /** {@code MirrorStatusResponse}; {@code cdcStatus} is a oneof member, omitted when unset. */
    record MirrorStatusResponse(
            String flowJobName,
            @JsonInclude(JsonInclude.Include.NON_NULL) CdcMirrorStatus cdcStatus,
            FlowStatus currentFlowState,
            Instant createdAt) {}

    /** {@code ListMirrorLogsRequest} (peerdb-api.md §4.3). */
    record ListMirrorLogsRequest(
            String flowJobName, String level, int page, int numPerPage, int beforeId, int afterId) {
        ListMirrorLogsRequest {
            flowJobName = orEmpty(flowJobName);
            level = orEmpty(level);
        }
    }

    /** {@code MirrorLog}; {@code errorTimestamp} is epoch milliseconds. */
    record MirrorLog(String flowName, String errorMessage, String errorType, double errorTimestamp, int id) {}

    /** {@code ListMirrorLogsResponse}. */
    record ListMirrorLogsResponse(List<MirrorLog> errors, int total, int page) {}

    /** {@code CDCFlowConfigUpdate} (peerdb-api.md §6); zero values mean "leave unchanged". */
    record CdcFlowConfigUpdate(
            List<TableMapping> additionalTables,
            long batchSize,
            @JsonFormat(shape = JsonFormat.Shape.STRING) long idleTimeout,
            int numberOfSyncs,
            List<TableMapping> removedTables,
            Map<String, String> updatedEnv,
            long snapshotNumRowsPerPartition,
            long snapshotNumPartitionsOverride,
            long snapshotMaxParallelWorkers,
            long snapshotNumTablesInParallel,
            boolean skipInitialSnapshotForTableAdditions) {
        CdcFlowConfigUpdate {
            additionalTables = orEmpty(additionalTables);
            removedTables = orEmpty(removedTables);
            updatedEnv = orEmpty(updatedEnv);
        }
    }

    /** {@code FlowConfigUpdate}: a oneof of which only the CDC member matters here. */
    record FlowConfigUpdate(CdcFlowConfigUpdate cdcFlowConfigUpdate) {}

    /** {@code FlowStateChangeRequest} (peerdb-api.md §6). */
    record FlowStateChangeRequest(
            String flowJobName,
            FlowStatus requestedFlowState,
            FlowConfigUpdate flowConfigUpdate,
            boolean dropMirrorStats,
            boolean skipDestinationDrop) {
        FlowStateChangeRequest {
            flowJobName = orEmpty(flowJobName);
            requestedFlowState = requestedFlowState == null ? FlowStatus.STATUS_UNKNOWN : requestedFlowState;
        }
    }
}
