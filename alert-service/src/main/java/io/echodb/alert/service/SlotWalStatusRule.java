package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rule {@code slot-wal-status}: {@code wal_status} is {@code unreserved} (required WAL goes at the next checkpoint)
 * or {@code lost} (it is gone: the slot is unusable), or PostgreSQL 17+ reports an {@code invalidation_reason}.
 * Critical at once by default.
 */
@Singleton
public class SlotWalStatusRule extends SlotRule {

    /** The rule's name. */
    public static final String NAME = "slot-wal-status";

    static final String TITLE = "Slot WAL status";
    static final String HINT_UNRESERVED = "The slot is past max_slot_wal_keep_size: WAL it needs is removed at the"
            + " next checkpoint. Get its consumer to catch up now, or raise max_slot_wal_keep_size.";
    static final String HINT_LOST = "The slot is invalidated and can no longer be used. The PeerDB mirror using it"
            + " must be resynced (or dropped and created again); then drop this slot.";

    private final AlertConfig.SlotWalStatus rule;

    public SlotWalStatusRule(AlertConfig config) {
        super(NAME, RuleSettings.of(config, config.rules().slotWalStatus()));
        this.rule = config.rules().slotWalStatus();
    }

    @Override
    Optional<Finding> evaluate(SourceSnapshot snapshot, SlotSample slot, String mirror) {
        boolean lost = "lost".equals(slot.walStatus()) || slot.invalidationReason() != null;
        boolean unreserved = "unreserved".equals(slot.walStatus());
        Map<String, String> facts = new LinkedHashMap<>();
        if (slot.invalidationReason() != null) {
            facts.put("Invalidation reason", slot.invalidationReason());
        }
        String summary;
        if (lost) {
            summary = "wal_status is " + slot.walStatus()
                    + (slot.invalidationReason() == null ? "" : ", invalidation reason " + slot.invalidationReason())
                    + ": the slot can no longer be used";
        } else if (unreserved) {
            summary = "wal_status is unreserved: WAL this slot needs will be removed at the next checkpoint";
        } else {
            summary = "wal_status is " + (slot.walStatus() == null ? "unknown" : slot.walStatus());
        }
        return Optional.of(finding(
                snapshot,
                slot,
                mirror,
                lost || unreserved ? rule.severity() : null,
                TITLE,
                summary,
                lost ? HINT_LOST : HINT_UNRESERVED,
                facts,
                null));
    }
}
