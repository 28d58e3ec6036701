package io.echodb.testing.slack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The optional enforced rate limit: a token bucket per channel (per webhook URL for webhooks) that refills one
 * message per {@code interval} up to {@code burst}, as Slack's "one message per second per channel" for
 * chat.postMessage and webhooks, with short bursts tolerated (https://docs.slack.dev/apis/web-api/rate-limits).
 * Starts at {@code initial} (Slack's own limit); {@link #off()} is a test switch. Thread-safe.
 */
final class SlackRateLimiter {

    /** An enforced limit. */
    record Limit(Duration interval, int burst) {
        Limit {
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, was " + burst);
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Limit initial;
    private Limit limit;

    SlackRateLimiter(Limit initial) {
        this.initial = initial;
        this.limit = initial;
    }

    /** Back to the limit it started with. */
    synchronized void restore() {
        limit = initial;
        buckets.clear();
    }

    synchronized void enforce(Duration interval, int burst) {
        limit = new Limit(interval, burst);
        buckets.clear();
    }

    synchronized void off() {
        limit = null;
        buckets.clear();
    }

    /** The limit enforced now, or null. */
    synchronized Limit limit() {
        return limit;
    }

    /**
     * Takes one message from {@code key}'s bucket. Empty when the message may go; otherwise the seconds to put
     * in {@code Retry-After} (rounded up, at least 1), and nothing is taken.
     */
    synchronized OptionalLong acquire(String key) {
        if (limit == null) {
            return OptionalLong.empty();
        }
        long now = System.nanoTime();
        long intervalNanos = limit.interval().toNanos();
        Bucket bucket = buckets.computeIfAbsent(key, k -> {
            Bucket full = new Bucket();
            full.tokens = limit.burst();
            full.refilledAt = now;
            return full;
        });
        bucket.tokens = Math.min(limit.burst(), bucket.tokens + (double) (now - bucket.refilledAt) / intervalNanos);
        bucket.refilledAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return OptionalLong.empty();
        }
        double waitNanos = (1 - bucket.tokens) * intervalNanos;
        return OptionalLong.of(Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
    }
}
