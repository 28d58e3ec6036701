package io.echodb.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * Every meter alert-service registers, by its Micrometer name (Prometheus: dots become underscores, plus the unit
 * and {@code _total}); meaning and tags of each: docs/configuration-alert-service.md §Metrics. The counters and
 * timers are built here, each with its description (Prometheus' {@code # HELP}); the gauges in
 * {@code MetricsService} and {@code SlackClient}.
 */
public final class AlertMetrics {

    /** Gauge (bytes), tags {@code source}, {@code slot}: {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}. */
    public static final String SLOT_RETAINED_WAL = "echodb.slot.retained.wal";

    /** Gauge (bytes): {@code pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)}; logical slots only. */
    public static final String SLOT_CONSUMER_LAG = "echodb.slot.consumer.lag";

    /** Gauge: 1 when a consumer is connected to the slot, else 0. */
    public static final String SLOT_ACTIVE = "echodb.slot.active";

    /** Gauge, extra tag {@code wal_status}: 1 for the slot's current {@code wal_status}. */
    public static final String SLOT_WAL_STATUS = "echodb.slot.wal.status";

    /** Gauge (bytes): {@code safe_wal_size}; no series while it is null. */
    public static final String SLOT_SAFE_WAL_SIZE = "echodb.slot.safe.wal.size";

    /** Gauge, tags {@code source}, {@code mirror}, {@code state}: 1 for the mirror's PeerDB status. */
    public static final String MIRROR_STATE = "echodb.mirror.state";

    /**
     * Gauge, tags {@code rule}, {@code severity}, {@code state} ({@code pending}, {@code firing}, {@code silenced}):
     * the number of alerts after each evaluation.
     */
    public static final String ALERTS = "echodb.alerts";

    /** Counter, tag {@code outcome} ({@code sent}, {@code failed}, {@code logged}): one per alert notification. */
    public static final String NOTIFICATIONS = "echodb.alert.notifications";

    /** Counter of Slack answers that failed a message, tag {@code error} (Slack's error code or the failure kind). */
    public static final String SLACK_ERRORS = "echodb.alert.slack.errors";

    /** Gauge: destinations whose last message Slack refused permanently. */
    public static final String SLACK_FAILING = "echodb.alert.slack.failing";

    /** Counter of Slack messages refused for their size or blocks ({@code msg_blocks_too_long}…) and sent split. */
    public static final String SLACK_SPLITS = "echodb.alert.slack.splits";

    /** Timer, tags {@code target} (a source name, {@code peerdb}, {@code mirror-service}) and {@code outcome}. */
    public static final String POLL = "echodb.alert.poll";

    /** Counter of statements sent to a source database by the polls (one per poll), tag {@code source}. */
    public static final String SOURCE_QUERIES = "echodb.alert.source.queries";

    /** Values of tag {@code outcome} of {@link #NOTIFICATIONS}. */
    public static final List<String> NOTIFICATION_OUTCOMES = List.of("sent", "failed", "logged");

    /** Values of tag {@code outcome} of {@link #POLL}. */
    public static final List<String> POLL_OUTCOMES = List.of("success", "failure");

    private AlertMetrics() {}

    /** {@link #NOTIFICATIONS} with {@code outcome}, one of {@link #NOTIFICATION_OUTCOMES}. */
    public static Counter notifications(MeterRegistry registry, String outcome) {
        return Counter.builder(NOTIFICATIONS)
                .description("Alert notifications, one per alert per notification, by outcome (sent, failed,"
                        + " logged); count")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** {@link #SLACK_SPLITS}: messages Slack refused for their size or blocks, sent again split. */
    public static Counter slackSplits(MeterRegistry registry) {
        return Counter.builder(SLACK_SPLITS)
                .description("Slack messages refused for their size or blocks (msg_blocks_too_long, msg_too_long,"
                        + " invalid_blocks) and sent again split; count")
                .register(registry);
    }

    /** {@link #SLACK_ERRORS} of {@code error}. */
    public static Counter slackErrors(MeterRegistry registry, String error) {
        return Counter.builder(SLACK_ERRORS)
                .description("Failed Slack attempts, by error (Slack's error code, rate_limited, unreachable,"
                        + " http_<status>); count")
                .tag("error", error)
                .register(registry);
    }

    /** {@link #POLL} of {@code target} with {@code outcome}, one of {@link #POLL_OUTCOMES}. */
    public static Timer poll(MeterRegistry registry, String target, String outcome) {
        return Timer.builder(POLL)
                .description("Polls of a source database, PeerDB or mirror-service, by target and outcome (success,"
                        + " failure); seconds")
                .tags("target", target, "outcome", outcome)
                .register(registry);
    }

    /** {@link #SOURCE_QUERIES} of {@code source}. */
    public static Counter sourceQueries(MeterRegistry registry, String source) {
        return Counter.builder(SOURCE_QUERIES)
                .description("Statements sent to a source database by the polls (one per poll), by source; count")
                .tag("source", source)
                .register(registry);
    }
}
