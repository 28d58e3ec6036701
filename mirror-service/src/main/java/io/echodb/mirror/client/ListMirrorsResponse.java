package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Answer of {@code GET /v1/mirrors/list} (peerdb-api.md §4.2).
 *
 * @param mirrors every mirror in PeerDB's catalog, CDC and QRep
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ListMirrorsResponse(List<Item> mirrors) {

    /**
     * One {@code ListMirrorsItem}.
     *
     * @param id catalog id (int64, a JSON string)
     * @param workflowId Temporal workflow id
     * @param name mirror name
     * @param sourceName source peer
     * @param sourceType source peer type, e.g. {@code POSTGRES}
     * @param destinationName destination peer
     * @param destinationType destination peer type, e.g. {@code CLICKHOUSE}
     * @param createdAt creation time, epoch milliseconds (a JSON double)
     * @param isCdc {@code true} for CDC mirrors, {@code false} for QRep
     * @param status {@code FlowStatus} name, e.g. {@code STATUS_RUNNING}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(
            String id,
            String workflowId,
            String name,
            String sourceName,
            String sourceType,
            String destinationName,
            String destinationType,
            double createdAt,
            @JsonProperty("isCdc") boolean isCdc,
            String status) {}
}
