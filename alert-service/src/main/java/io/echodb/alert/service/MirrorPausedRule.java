package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.MirrorServiceSnapshot.PauseCycle;
import io.echodb.common.peerdb.FlowStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
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

    static final String OVERDUE_HINT = "mirror-service gives up a cycle at its timeout and resumes the mirror; a"
            + " mirror still paused after it did not resume. Look at mirror-service's log and dead letters, then"
            + " resume the mirror in PeerDB (state change to " + FlowStatus.STATUS_RUNNING + ").";

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

    /**
     * EchoDB's own pause to change the mirror's tables is no alert while it holds the mirror paused within its
     * expected end ({@code expectedBy}); past it, the rule fires as for any pause, counted from when EchoDB paused
     * it, with the cycle's story. A snapshot step is no pause: the rule is as usual.
     */
    @Override
    Finding duringPauseCycle(Finding finding, PauseCycle cycle, Instant now) {
        if (!finding.firing() || !cycle.pausing()) {
            return super.duringPauseCycle(finding, cycle, now);
        }
        if (!cycle.overdue(now)) {
            return new Finding(
                    finding.key(),
                    null,
                    finding.title(),
                    PauseContext.sentence(cycle, now),
                    finding.hint(),
                    finding.facts(),
                    finding.scope(),
                    null);
        }
        Finding overdue = super.duringPauseCycle(finding, cycle, now);
        return new Finding(
                overdue.key(),
                overdue.severity(),
                overdue.title(),
                "Paused by EchoDB for " + Durations.humanReadable(Duration.between(cycle.since(), now))
                        + ", longer than expected. " + PauseContext.sentence(cycle, now),
                OVERDUE_HINT,
                overdue.facts(),
                overdue.scope(),
                cycle.since());
    }
}
