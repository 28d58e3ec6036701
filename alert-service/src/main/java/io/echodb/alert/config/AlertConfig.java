package io.echodb.alert.config;

import io.echodb.alert.domain.Severity;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Settings of alert-service, prefix {@code echodb.alert}. Every key can be set by its environment variable
 * (upper case, dots and dashes become underscores, e.g. {@code ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_WARNING}).
 * Single values are checked at startup by the constraints here, settings that must agree with each other by
 * {@link AlertConfigValidator}; docs/configuration-alert-service.md lists every key.
 */
@ConfigMapping(prefix = "echodb.alert")
public interface AlertConfig {

    /** Message of a duration that must be above zero. */
    String POSITIVE = "must be positive";

    /** Message of a value that must not be below zero. */
    String NOT_NEGATIVE = "must not be negative";

    /** Message of a count that must be at least 1. */
    String AT_LEAST_ONE = "must be at least 1";

    /**
     * The published runbook (docs/runbook.md on the project's main branch): the default of
     * {@link #runbookUrl()}; each rule has a {@code ## <rule>} section there.
     */
    String DEFAULT_RUNBOOK_URL = "https://github.com/echodb/echodb/blob/main/docs/runbook.md";

    /**
     * Time between two poll cycles (sources, PeerDB, mirror-service); a cycle still running when the next one
     * is due makes that one skip. Duration such as {@code 30s} or {@code 1m}; default {@code 30s}; env
     * {@code ECHODB_ALERT_POLL_INTERVAL}.
     */
    @WithDefault("30s")
    @DurationMin(inclusive = false, message = POSITIVE)
    Duration pollInterval();

    /**
     * Name of the default source (the default reactive datasource, {@code quarkus.datasource.reactive.url}) in
     * alerts and metrics (label/tag {@code source}); use the PeerDB source peer name. Default
     * {@code postgres_main}; env {@code ECHODB_ALERT_SOURCE_NAME}, or the replaced worker's
     * {@code SOURCE_PEER_NAME}.
     */
    @WithDefault("postgres_main")
    String sourceName();

    /**
     * Database user PeerDB connects to the default source with; rule {@code open-connections} counts its
     * sessions in {@code pg_stat_activity}. No default (the rule is off for the default source); env
     * {@code ECHODB_ALERT_PEERDB_USER}.
     */
    Optional<String> peerdbUser();

    /**
     * Further source databases, by name (the PeerDB source peer name), each polled with its own small
     * connection pool: {@code echodb.alert.sources.<name>.url} and friends. Empty by default.
     */
    Map<String, Source> sources();

    /**
     * How often a firing alert is notified again while it keeps firing. Duration; {@code 0s} never repeats;
     * default {@code 4h} (Alertmanager's {@code repeat_interval}); env {@code ECHODB_ALERT_REPEAT_INTERVAL}.
     * A rule can override it with {@code echodb.alert.rules.<rule>.repeat-interval}.
     */
    @WithDefault("4h")
    @DurationMin(message = NOT_NEGATIVE)
    Duration repeatInterval();

    /**
     * Whether a resolved alert is notified. Default {@code true}; env {@code ECHODB_ALERT_SEND_RESOLVED}. A rule
     * can override it with {@code echodb.alert.rules.<rule>.send-resolved}.
     */
    @WithDefault("true")
    boolean sendResolved();

    /**
     * Base URL of the runbook (docs/runbook.md as published, e.g. on an internal wiki); each message links
     * {@code <url>#<rule>} (a fragment in the URL is replaced). Unset or empty: {@link #DEFAULT_RUNBOOK_URL}; env
     * {@code ECHODB_ALERT_RUNBOOK_URL}.
     */
    Optional<URI> runbookUrl();

    /** {@link #runbookUrl()}, or {@link #DEFAULT_RUNBOOK_URL} when unset, without its fragment. */
    default URI runbook() {
        String url = runbookUrl().map(URI::toString).orElse(DEFAULT_RUNBOOK_URL);
        return URI.create(url.replaceAll("#.*$", ""));
    }

    /**
     * Base URL of the PeerDB UI (port 3000); mirror alerts link {@code <url>/mirrors/<mirror>}. No default; env
     * {@code ECHODB_ALERT_PEERDB_UI_URL}.
     */
    Optional<URI> peerdbUiUrl();

    /** Polling of PeerDB's flow API (URL: {@code quarkus.rest-client.peerdb.url}). */
    PeerDb peerdb();

    /** Where alert state, silences and Slack message handles are kept. */
    State state();

    /** Thresholds and timing of the alert rules. */
    Rules rules();

    /** Delivery of notifications to Slack. */
    Slack slack();

    /** One further source database ({@code echodb.alert.sources.<name>.*}). */
    interface Source {

        /**
         * Reactive PostgreSQL URL, {@code postgresql://host:5432/database}. Required; env
         * {@code ECHODB_ALERT_SOURCES_<NAME>_URL}.
         */
        @PostgresUrl
        String url();

        /** Login. Default: the default datasource's user ({@code quarkus.datasource.username}). */
        Optional<String> username();

        /** Password of that login; a secret, never logged. Default: the default datasource's password. */
        Optional<String> password();

        /** Database user PeerDB connects with, for rule {@code open-connections}; no default (rule off). */
        Optional<String> peerdbUser();
    }

    /** Polling of PeerDB. */
    interface PeerDb {

        /**
         * Whether PeerDB is polled (mirror rules and the PeerDB part of {@code source-unreachable}). Default
         * {@code true}; env {@code ECHODB_ALERT_PEERDB_ENABLED}.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Error lines from {@code /v1/mirrors/logs} shown for a failed mirror, newest first. Default {@code 3};
         * env {@code ECHODB_ALERT_PEERDB_ERROR_LINES}.
         */
        @WithDefault("3")
        @Range(min = 1, max = 50, message = "must be from 1 to 50")
        int errorLines();

        /**
         * Status and log requests to PeerDB in flight at once during one cycle. Default {@code 4}; env
         * {@code ECHODB_ALERT_PEERDB_CONCURRENCY}.
         */
        @WithDefault("4")
        @Min(value = 1, message = AT_LEAST_ONE)
        int concurrency();
    }

    /** Where state lives. */
    interface State {

        /**
         * Name of the source whose database holds schema {@code echodb} (alert state, silences, Slack message
         * handles): {@code echodb.alert.source-name} (the default datasource) or a key of
         * {@code echodb.alert.sources}. Default: the default datasource; env {@code ECHODB_ALERT_STATE_SOURCE}.
         */
        Optional<String> source();
    }

    /**
     * Every rule of design.md §5, each under {@code echodb.alert.rules.<rule>.*}; environment variables follow the
     * usual mapping, {@code ECHODB_ALERT_RULES_<RULE>_<SETTING>} (e.g. {@code ECHODB_ALERT_RULES_SLOT_INACTIVE_FOR}).
     * Defaults are on each setting; docs/configuration-alert-service.md lists them all. The names are spelled out
     * ({@code @WithName}, the same as the default naming) so that validation messages name the real keys.
     */
    interface Rules {

        /** {@code slot-retained-wal}. */
        @WithName("slot-retained-wal")
        SlotRetainedWal slotRetainedWal();

        /** {@code slot-consumer-stuck}. */
        @WithName("slot-consumer-stuck")
        SlotConsumerStuck slotConsumerStuck();

        /** {@code slot-inactive}. */
        @WithName("slot-inactive")
        SlotInactive slotInactive();

        /** {@code slot-wal-status}. */
        @WithName("slot-wal-status")
        SlotWalStatus slotWalStatus();

        /** {@code slot-time-to-exhaustion}. */
        @WithName("slot-time-to-exhaustion")
        SlotTimeToExhaustion slotTimeToExhaustion();

        /** {@code slot-capacity}. */
        @WithName("slot-capacity")
        SlotCapacity slotCapacity();

        /** {@code mirror-failed}. */
        @WithName("mirror-failed")
        MirrorFailed mirrorFailed();

        /** {@code mirror-paused}. */
        @WithName("mirror-paused")
        MirrorPaused mirrorPaused();

        /** {@code mirror-stuck}. */
        @WithName("mirror-stuck")
        MirrorStuck mirrorStuck();

        /** {@code open-connections}. */
        @WithName("open-connections")
        OpenConnections openConnections();

        /** {@code table-unmirrored}. */
        @WithName("table-unmirrored")
        TableUnmirrored tableUnmirrored();

        /** {@code table-skipped}. */
        @WithName("table-skipped")
        TableSkipped tableSkipped();

        /** {@code auto-mirror-failing}. */
        @WithName("auto-mirror-failing")
        AutoMirrorFailing autoMirrorFailing();

        /** {@code source-unreachable}. */
        @WithName("source-unreachable")
        SourceUnreachable sourceUnreachable();
    }

    /** Settings every rule has. */
    interface Rule {

        /** Whether the rule is evaluated; {@code echodb.alert.rules.<rule>.enabled}, default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the rule's condition must hold before its alert fires ({@code echodb.alert.rules.<rule>.for});
         * each rule has its own default.
         */
        @WithName("for")
        @DurationMin(message = NOT_NEGATIVE)
        Duration forDuration();

        /**
         * Repeat interval of this rule's alerts, overriding {@code echodb.alert.repeat-interval}; {@code 0s}
         * never repeats. {@code echodb.alert.rules.<rule>.repeat-interval}; no default (the global one).
         */
        Optional<@DurationMin(message = NOT_NEGATIVE) Duration> repeatInterval();

        /**
         * Whether this rule's resolved alerts are notified, overriding {@code echodb.alert.send-resolved}.
         * {@code echodb.alert.rules.<rule>.send-resolved}; no default (the global one).
         */
        Optional<Boolean> sendResolved();
    }

    /** {@code slot-retained-wal}: {@code pg_current_wal_lsn() − restart_lsn} over a threshold. */
    interface SlotRetainedWal extends Rule {

        /** Warning threshold; memory size ({@code 1G} = 1 GiB); default {@code 1G}. */
        @WithDefault("1G")
        MemorySize warning();

        /** Critical threshold; default {@code 5000M} (PeerDB's own slot-lag alert default). */
        @WithDefault("5000M")
        MemorySize critical();

        /** How long the condition must hold before the alert fires; default {@code 0s}. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();
    }

    /** {@code slot-consumer-stuck}: an active slot whose {@code confirmed_flush_lsn} stands while WAL grows. */
    interface SlotConsumerStuck extends Rule {

        /** How long {@code confirmed_flush_lsn} must stand still; default {@code 15m}. */
        @WithName("for")
        @WithDefault("15m")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code slot-inactive}: no consumer connected. */
    interface SlotInactive extends Rule {

        /**
         * How long the slot must be inactive (counted from {@code inactive_since} on PostgreSQL 17+); default
         * {@code 10m}.
         */
        @WithName("for")
        @WithDefault("10m")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code slot-wal-status}: {@code wal_status} unreserved or lost, or an invalidation reason. */
    interface SlotWalStatus extends Rule {

        /** Default {@code 0s}: at once. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();

        /** Severity; default {@code critical}. */
        @WithDefault("critical")
        Severity severity();
    }

    /** {@code slot-time-to-exhaustion}: {@code safe_wal_size} ÷ growth rate of the slot's retained WAL. */
    interface SlotTimeToExhaustion extends Rule {

        /** Warning when the slot would be lost within this time; default {@code 24h}. */
        @WithDefault("24h")
        Duration warning();

        /** Critical when within this time; default {@code 2h}. */
        @WithDefault("2h")
        Duration critical();

        /**
         * Samples of the last this-long give the growth rate (memory is bounded: at most 120 samples per slot);
         * default {@code 15m}.
         */
        @WithDefault("15m")
        @DurationMin(inclusive = false, message = POSITIVE)
        Duration rateWindow();

        /** Default {@code 0s}. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();
    }

    /** {@code slot-capacity}: slots in use as a share of {@code max_replication_slots}. */
    interface SlotCapacity extends Rule {

        /** Percent of {@code max_replication_slots} in use at which the alert fires, 1–100; default {@code 80}. */
        @WithDefault("80")
        @Range(min = 1, max = 100, message = "must be a percentage from 1 to 100")
        int threshold();

        /** Default {@code 0s}. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code mirror-failed}: PeerDB status {@code STATUS_FAILED}. */
    interface MirrorFailed extends Rule {

        /** Default {@code 0s}: at once. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();

        /** Severity; default {@code critical}. */
        @WithDefault("critical")
        Severity severity();
    }

    /** {@code mirror-paused}: {@code STATUS_PAUSED} (its slot keeps growing). */
    interface MirrorPaused extends Rule {

        /** Default {@code 30m}. */
        @WithName("for")
        @WithDefault("30m")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code mirror-stuck}: in a transitional state too long. */
    interface MirrorStuck extends Rule {

        /** Default {@code 60m}. */
        @WithName("for")
        @WithDefault("60m")
        Duration forDuration();

        /** The PeerDB states that count; default {@code STATUS_SETUP,STATUS_SNAPSHOT}. */
        @WithDefault("STATUS_SETUP,STATUS_SNAPSHOT")
        List<@Pattern(regexp = "(?s)STATUS_.*", message = "must name PeerDB states such as STATUS_SETUP") String>
                states();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code open-connections}: sessions of the PeerDB user on a source. */
    interface OpenConnections extends Rule {

        /** Fires when the count is over this; default {@code 5} (PeerDB's default). */
        @WithDefault("5")
        @Min(value = 0, message = NOT_NEGATIVE)
        int threshold();

        /** Default {@code 0s}. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code table-unmirrored}: an eligible table without a mirror (mirror-service). */
    interface TableUnmirrored extends Rule {

        /** Counted from the table's {@code eligibleSince}; default {@code 10m}. */
        @WithName("for")
        @WithDefault("10m")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /**
     * {@code table-skipped}: a table mirror-service will not mirror. Notified once: its repeat interval defaults
     * to {@code 0s} and it sends no resolved message unless {@code send-resolved=true}.
     */
    interface TableSkipped extends Rule {

        /** Default {@code 0s}. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code auto-mirror-failing}: mirror-service has dead letters or an open circuit breaker. */
    interface AutoMirrorFailing extends Rule {

        /** Default {@code 0s}. */
        @WithName("for")
        @WithDefault("0s")
        Duration forDuration();

        /** Severity; default {@code warning}. */
        @WithDefault("warning")
        Severity severity();
    }

    /** {@code source-unreachable}: a source database, PeerDB or mirror-service cannot be polled. */
    interface SourceUnreachable extends Rule {

        /** Default {@code 1m}. */
        @WithName("for")
        @WithDefault("1m")
        Duration forDuration();

        /** Severity; default {@code critical}. */
        @WithDefault("critical")
        Severity severity();
    }

    /** Slack delivery. */
    interface Slack {

        /** One or more mentions Slack resolves: user, user group, {@code @here}, {@code @channel}, {@code @everyone}. */
        String MENTIONS = "(<@[UW][A-Z0-9]+>|<!subteam\\^[A-Z0-9]+>|<!here>|<!channel>|<!everyone>)"
                + "( (<@[UW][A-Z0-9]+>|<!subteam\\^[A-Z0-9]+>|<!here>|<!channel>|<!everyone>))*";

        /** Message of a mention of the wrong shape. */
        String MENTION_SHAPE = "must be Slack mentions separated by spaces: <@U…> (a user), <!subteam^S…> (a user"
                + " group), <!here>, <!channel> or <!everyone>";

        /**
         * Incoming-webhook URL for every severity without its own; a secret (only scheme and host are logged).
         * No default; env {@code ECHODB_ALERT_SLACK_WEBHOOK_URL}.
         */
        Optional<@HttpUrl URI> webhookUrl();

        /**
         * Bot token ({@code xoxb-…}, scope {@code chat:write}); when set, messages go through
         * {@code chat.postMessage} and win over webhooks. A secret. No default; env
         * {@code ECHODB_ALERT_SLACK_BOT_TOKEN}.
         */
        Optional<String> botToken();

        /**
         * Channel (ID or name) for every severity without its own, with a bot token. No default; env
         * {@code ECHODB_ALERT_SLACK_CHANNEL}.
         */
        Optional<String> channel();

        /** Slack Web API base URL; default {@code https://slack.com/api}; env {@code ECHODB_ALERT_SLACK_API_URL}. */
        @WithDefault("https://slack.com/api")
        @HttpUrl
        URI apiUrl();

        /**
         * Mention put in front of a critical alert when it starts firing or escalates to critical (never on repeats
         * or resolves), e.g. {@code <!subteam^S0123ABCD>}, {@code <!here>}, {@code <!channel>} or
         * {@code <@U0123ABCD>}; several separated by spaces. Shapes: Slack's "Advanced formatting" of mentions,
         * https://api.slack.com/reference/surfaces/formatting#advanced. No default (no mention); env
         * {@code ECHODB_ALERT_SLACK_CRITICAL_MENTION}.
         */
        Optional<@Pattern(regexp = MENTIONS, message = MENTION_SHAPE) String> criticalMention();

        /** Route of critical alerts. */
        Route critical();

        /** Route of warnings. */
        Route warning();

        /** Connect and read timeout of one request; default {@code 10s}; env {@code ECHODB_ALERT_SLACK_TIMEOUT}. */
        @WithDefault("10s")
        @DurationMin(inclusive = false, message = POSITIVE)
        Duration timeout();

        /**
         * Least time between two messages to one channel (Slack allows about one per second); default
         * {@code 1s}; env {@code ECHODB_ALERT_SLACK_MIN_INTERVAL}.
         */
        @WithDefault("1s")
        @DurationMin(message = NOT_NEGATIVE)
        Duration minInterval();

        /**
         * Attempts per message for 429, 5xx and network errors (the first included); default {@code 5}; env
         * {@code ECHODB_ALERT_SLACK_MAX_ATTEMPTS}.
         */
        @WithDefault("5")
        @Min(value = 1, message = AT_LEAST_ONE)
        int maxAttempts();

        /**
         * First backoff after a 5xx or network error, doubled per attempt up to 30 s; default {@code 1s}; env
         * {@code ECHODB_ALERT_SLACK_BACKOFF}.
         */
        @WithDefault("1s")
        @DurationMin(inclusive = false, message = POSITIVE)
        Duration backoff();

        /**
         * With a bot token: whether a resolved alert also gets a reply in its thread (the original message is
         * always updated). Default {@code true}; env {@code ECHODB_ALERT_SLACK_RESOLVED_IN_THREAD}.
         */
        @WithDefault("true")
        boolean resolvedInThread();
    }

    /** Where one severity goes. */
    interface Route {

        /** Channel with a bot token; default: {@code echodb.alert.slack.channel}. */
        Optional<String> channel();

        /** Incoming webhook (a secret); default: {@code echodb.alert.slack.webhook-url}. */
        Optional<@HttpUrl URI> webhookUrl();
    }
}
