package io.echodb.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of a set of durations in milliseconds. Percentiles are nearest-rank on the sorted samples (p99 of 200
 * samples is the 198th smallest), so every figure is a value that was measured.
 *
 * @param samples how many values
 * @param p50 median, ms
 * @param p95 95th percentile, ms
 * @param p99 99th percentile, ms
 * @param max largest, ms
 * @param min smallest, ms
 * @param mean arithmetic mean, ms
 */
record Distribution(int samples, double p50, double p95, double p99, double max, double min, double mean) {

    /** The summary of {@code values} (ms); all zero when empty. */
    static Distribution of(List<Double> values) {
        if (values.isEmpty()) {
            return new Distribution(0, 0, 0, 0, 0, 0, 0);
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Distribution(
                sorted.length,
                rank(sorted, 50),
                rank(sorted, 95),
                rank(sorted, 99),
                sorted[sorted.length - 1],
                sorted[0],
                Arrays.stream(sorted).average().orElse(0));
    }

    private static double rank(double[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
