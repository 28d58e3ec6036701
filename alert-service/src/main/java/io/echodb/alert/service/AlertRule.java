package io.echodb.alert.service;

import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.SourceSnapshot;
import java.util.List;

/**
 * One alert rule: turns a snapshot of a source into findings. Rules are CDI beans; {@link AlertService}
 * evaluates every one of them on every successful poll.
 */
public interface AlertRule {

    /** The rule's name, e.g. {@code slot-retained-wal}: the {@code rule} of every key it produces. */
    String name();

    /**
     * A finding for every subject the rule watches that is present in {@code snapshot}, whether its condition
     * holds or not. An alert whose subject is missing from the result resolves as gone.
     */
    List<Finding> evaluate(SourceSnapshot snapshot);

    /** Sentence for an alert resolved because its subject disappeared, e.g. {@code The slot no longer exists.} */
    String goneSummary();
}
