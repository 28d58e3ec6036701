package io.echodb.mirror.service;

import io.echodb.mirror.MirrorMetrics;
import java.util.Locale;

/** Why a table leaves its mirror; the tag {@code reason} of {@value MirrorMetrics#MIRRORS_RETIRED}. */
public enum RetireReason {
    /** A {@code DROPPED} event. */
    DROPPED,
    /** Missing from an inventory of its schema (dropped while no event reached mirror-service). */
    GONE,
    /** It became a partition: the partitioned parent's mirror carries its rows. */
    PARTITION,
    /** listener-service no longer judges it eligible (unlogged, excluded, no key, ...). */
    INELIGIBLE,
    /** An operator replayed a dead-lettered retirement. */
    REPLAYED;

    /** The metric tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
