package io.echodb.testing.peerdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One {@code POST /v1/flows/cdc/create} the emulator received, whatever it answered.
 *
 * @param body the request body as received
 * @param json the body parsed as JSON, or {@code null} when it was not JSON
 * @param receivedAt wall-clock time of arrival
 * @param receivedNanos {@link System#nanoTime()} at arrival, for measuring intervals between requests
 */
public record ReceivedCreateRequest(String body, JsonNode json, Instant receivedAt, long receivedNanos) {}
