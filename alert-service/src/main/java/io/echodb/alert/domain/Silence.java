package io.echodb.alert.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Mutes the alerts its matchers select until {@code endsAt}: they send no notification (firing, repeat or
 * resolved) while it is active.
 *
 * @param id identity
 * @param matchers all must match: name {@code rule} matches the rule, any other name the label of that name
 * @param startsAt from when it mutes
 * @param endsAt until when it mutes (exclusive)
 * @param comment why, for the people reading {@code GET /api/v1/silences}
 * @param createdBy who, as given by the caller; may be empty
 * @param createdAt when it was created
 */
public record Silence(
        UUID id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String comment,
        String createdBy,
        Instant createdAt) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    /** Whether it mutes at {@code now}. */
    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** Whether it selects the alert with {@code key}. */
    public boolean matches(AlertKey key) {
        return matchers.stream().allMatch(matcher -> matcher.matches(key));
    }

    /**
     * One equality matcher.
     *
     * @param name {@code rule}, or a label name such as {@code source}, {@code slot}, {@code mirror}, {@code table}
     * @param value the value it must equal
     */
    public record Matcher(String name, String value) {

        /** Name of the matcher on the rule. */
        public static final String RULE = "rule";

        /** Whether {@code key} has this rule or label value. */
        public boolean matches(AlertKey key) {
            return value.equals(RULE.equals(name) ? key.rule() : key.labels().get(name));
        }
    }
}
