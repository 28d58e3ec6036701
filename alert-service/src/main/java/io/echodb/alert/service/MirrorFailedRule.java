package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.common.peerdb.FlowStatus;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Rule {@code mirror-failed}: PeerDB reports {@code STATUS_FAILED}; critical at once by default. The message
 * carries the newest error rows of {@code /v1/mirrors/logs}: PeerDB itself sends no alert for this
 * (peerdb-api.md §8).
 */
@Singleton
public class MirrorFailedRule extends MirrorRule {

    /** The rule's name. */
    public static final String NAME = "mirror-failed";

    static final String TITLE = "Mirror failed";
    static final String HINT = "Replication has stopped and the mirror's slot keeps growing. Read the error, fix its"
            + " cause (source table, publication, destination), then resync the mirror in PeerDB or drop it and let"
            + " mirror-service create it again.";

    public MirrorFailedRule(AlertConfig config) {
        super(
                config,
                NAME,
                RuleSettings.of(config, config.rules().mirrorFailed()),
                Set.of(FlowStatus.STATUS_FAILED.name()),
                config.rules().mirrorFailed().severity(),
                TITLE,
                HINT);
    }

    @Override
    String summary(MirrorSample mirror) {
        return "PeerDB reports " + FlowStatus.STATUS_FAILED + ": " + lastError(mirror);
    }
}
