package io.echodb.alert.service;

import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Observation;
import java.util.List;

/**
 * One alert rule of design.md §5: turns a poll cycle's {@link Observation} into findings. Rules are CDI beans;
 * {@link AlertEngine} evaluates every enabled one once per cycle.
 */
public interface AlertRule {

    /** The rule's name, e.g. {@code slot-retained-wal}: the {@code rule} of every key it produces. */
    String name();

    /** Its lifecycle settings ({@code echodb.alert.rules.<name>.*}). */
    RuleSettings settings();

    /**
     * A finding for every subject the rule watches that the observation shows, whether its condition holds or
     * not. An alert whose subject is missing from the result resolves as gone when its scope was observed.
     */
    List<Finding> evaluate(Observation observation);

    /** Added to every gone summary: the alert ended, but nothing recovered. */
    String NOT_RECOVERED = " The alert ends because its subject is gone, not because it recovered.";

    /**
     * Sentence for an alert resolved because its subject disappeared, naming it, e.g.
     * {@code Slot peerflow_slot_orders no longer exists on postgres_main.} followed by {@link #NOT_RECOVERED}.
     */
    String goneSummary(AlertKey key);
}
