package io.echodb.alert.domain;

import java.time.Duration;

/** Durations in words for people. */
public final class Durations {

    private Durations() {}

    /** {@code 45s}, {@code 2m 5s}, {@code 3h 20m}, {@code 2d 4h}; negative durations count as zero. */
    public static String humanReadable(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }
}
