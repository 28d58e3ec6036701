package io.echodb.alert.domain;

import java.util.Locale;

/** Byte counts in words for people. */
public final class ByteSizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {}

    /**
     * Binary (IEC) units with one decimal: {@code 512 B}, {@code 1.0 MiB}, {@code 6.1 GiB}, {@code 4.9 GiB}
     * for 5000 MiB.
     */
    public static String humanReadable(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
