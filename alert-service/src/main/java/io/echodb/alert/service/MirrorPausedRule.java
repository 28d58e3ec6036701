package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.common.peerdb.FlowStatus;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Rule {@code mirror-paused}: {@code STATUS_PAUSED} for longer than {@code for} (default 30 min). A paused mirror's
 * slot keeps retaining WAL ("pausing will not pause the growth of replication slots", ClickPipes docs).
 */
@Singleton
public class MirrorPausedRule extends MirrorRule {

    /** The rule's name. */
    public static final String NAME = "mirror-paused";

    static final String TITLE = "Mirror paused";
    static final String HINT = "While paused, the mirror's slot retains all WAL. Resume it in PeerDB (state change to "
            + FlowStatus.STATUS_RUNNING + ") or, if the pause is planned, silence this alert for its duration.";

    private final AlertConfig.MirrorPaused rule;

    public MirrorPausedRule(AlertConfig config) {
        super(
                config,
                NAME,
                RuleSettings.of(config, config.rules().mirrorPaused()),
                Set.of(FlowStatus.STATUS_PAUSED.name()),
                config.rules().mirrorPaused().severity(),
                TITLE,
                HINT);
        this.rule = config.rules().mirrorPaused();
    }

    @Override
    String summary(MirrorSample mirror) {
        return "Paused for more than " + Durations.humanReadable(rule.forDuration());
    }
}
