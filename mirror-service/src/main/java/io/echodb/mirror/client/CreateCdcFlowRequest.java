package io.echodb.mirror.client;

/**
 * Body of {@code POST /v1/flows/cdc/create} and {@code POST /v1/mirrors/cdc/validate}
 * ({@code CreateCDCFlowRequest}, peerdb-api.md §3.1).
 *
 * @param connectionConfigs the mirror
 * @param attachToExisting {@code false}: an existing mirror of the same name is answered with 409
 */
public record CreateCdcFlowRequest(FlowConnectionConfigs connectionConfigs, boolean attachToExisting) {

    /** The mirror's name ({@code flowJobName}). */
    public String mirror() {
        return connectionConfigs.flowJobName();
    }
}
