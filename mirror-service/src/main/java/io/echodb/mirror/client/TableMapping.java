package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * PeerDB {@code TableMapping} (protos/flow.proto, peerdb-api.md §3.1): one source table and its
 * destination. Fields EchoDB does not set are left to PeerDB's defaults.
 *
 * @param sourceTableIdentifier {@code schema.table}, unquoted (PeerDB quotes each part)
 * @param destinationTableIdentifier destination table name; ClickHouse treats it as one identifier
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TableMapping(String sourceTableIdentifier, String destinationTableIdentifier) {}
