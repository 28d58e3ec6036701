package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.MirrorSample;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Rule {@code mirror-stuck}: a mirror stays in a transitional state ({@code states}, default {@code STATUS_SETUP}
 * and {@code STATUS_SNAPSHOT}) longer than {@code for} (default 60 min).
 */
@Singleton
public class MirrorStuckRule extends MirrorRule {

    /** The rule's name. */
    public static final String NAME = "mirror-stuck";

    static final String TITLE = "Mirror stuck";
    static final String HINT = "Setup retries forever when a table has no primary key or replica identity, and a"
            + " large initial snapshot can take long. Check the mirror's logs in PeerDB and the snapshot progress.";

    private final AlertConfig.MirrorStuck rule;

    public MirrorStuckRule(AlertConfig config) {
        super(
                config,
                NAME,
                RuleSettings.of(config, config.rules().mirrorStuck()),
                Set.copyOf(config.rules().mirrorStuck().states()),
                config.rules().mirrorStuck().severity(),
                TITLE,
                HINT);
        this.rule = config.rules().mirrorStuck();
    }

    @Override
    String summary(MirrorSample mirror) {
        return "In " + mirror.status() + " for more than " + Durations.humanReadable(rule.forDuration())
                + (mirror.snapshotProgress() == null ? "" : " (" + mirror.snapshotProgress() + ")");
    }
}
