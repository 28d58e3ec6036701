package io.echodb.alert.service;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rule {@code slot-consumer-stuck}: a slot with a consumer connected whose {@code confirmed_flush_lsn} did not move
 * between two polls while {@code pg_current_wal_lsn()} did; fires once that held for {@code for} (default 15 min).
 * Catches a consumer that stays connected but stopped applying (alerting-research.md §3.4), which the inactive rule
 * misses. Logical slots only; judged from the previous cycle's sample ({@link SlotHistory}).
 */
@Singleton
public class SlotConsumerStuckRule extends SlotRule {

    /** The rule's name. */
    public static final String NAME = "slot-consumer-stuck";

    static final String TITLE = "Slot consumer stuck";
    static final String HINT = "The consumer is connected but confirms nothing while WAL keeps coming. Look at the"
            + " PeerDB mirror's logs (apply errors, a schema mismatch at the destination). If the slot's database is"
            + " idle while others write, enable PeerDB's WAL heartbeat (PEERDB_ENABLE_WAL_HEARTBEAT).";

    private final SlotHistory history;
    private final AlertConfig.SlotConsumerStuck rule;

    public SlotConsumerStuckRule(AlertConfig config, SlotHistory history) {
        super(NAME, RuleSettings.of(config, config.rules().slotConsumerStuck()));
        this.history = history;
        this.rule = config.rules().slotConsumerStuck();
    }

    @Override
    Optional<Finding> evaluate(SourceSnapshot snapshot, SlotSample slot, String mirror) {
        if (slot.confirmedFlushPosition() == null) {
            return Optional.empty();
        }
        boolean stuck = slot.active()
                && history.previous(snapshot.source(), slot.slotName())
                        .filter(SlotHistory.Point::active)
                        .filter(before ->
                                Objects.equals(before.confirmedFlushPosition(), slot.confirmedFlushPosition()))
                        .filter(before -> snapshot.currentWalPosition() > before.currentWalPosition())
                        .isPresent();
        String summary = stuck
                ? "confirmed_flush_lsn " + slot.confirmedFlushLsn() + " stands still while WAL grows; consumer lag "
                        + humanReadable(slot.consumerLagBytes() == null ? 0 : slot.consumerLagBytes())
                : slot.active()
                        ? "The consumer confirms WAL again."
                        : "No consumer is connected any more (rule slot-inactive watches that).";
        return Optional.of(finding(
                snapshot,
                slot,
                mirror,
                stuck ? rule.severity() : null,
                TITLE,
                summary,
                HINT,
                Map.of(
                        "Stuck for at least",
                        Durations.humanReadable(rule.forDuration()),
                        "Confirmed flush LSN",
                        String.valueOf(slot.confirmedFlushLsn())),
                null));
    }
}
