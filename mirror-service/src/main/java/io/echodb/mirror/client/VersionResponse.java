package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Answer of {@code GET /v1/version} ({@code PeerDBVersionResponse}).
 *
 * @param version PeerDB's short git SHA ({@code PEERDB_VERSION_SHA_SHORT}), may be empty
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VersionResponse(String version) {}
