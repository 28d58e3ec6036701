package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Answer of {@code POST /v1/flows/cdc/create}: {@code {"workflowId":"<flowJobName>-peerflow"}}.
 *
 * @param workflowId the Temporal workflow id; a 200 without it is treated as an error
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateCdcFlowResponse(String workflowId) {}
