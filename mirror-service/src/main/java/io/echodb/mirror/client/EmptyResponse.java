package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The empty message {@code {}} with which validate and state change answer 200 (peerdb-api.md §3.3, §6). An
 * empty or unreadable body is not this message and is treated as an error.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmptyResponse() {}
