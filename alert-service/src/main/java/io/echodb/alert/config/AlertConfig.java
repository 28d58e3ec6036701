package io.echodb.alert.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of alert-service, prefix {@code echodb.alert}. Every key can be set by its environment variable
 * (upper case, dots and dashes become underscores). Checked at startup by {@link AlertConfigValidator}.
 */
@ConfigMapping(prefix = "echodb.alert")
public interface AlertConfig {

    /**
     * Time between two polls of the source database; a poll that is still running when the next one is due
     * makes that one skip. Duration such as {@code 30s} or {@code 1m}; default {@code 30s}; env
     * {@code ECHODB_ALERT_POLL_INTERVAL}.
     */
    @WithDefault("30s")
    Duration pollInterval();

    /**
     * Name of the polled source database in alerts and metrics (label/tag {@code source}); the PeerDB source
     * peer name. Default {@code postgres_main}; env {@code ECHODB_ALERT_SOURCE_NAME}, or the replaced worker's
     * {@code SOURCE_PEER_NAME}.
     */
    @WithDefault("postgres_main")
    String sourceName();

    /** Thresholds of the alert rules. */
    Rules rules();

    /** Delivery of notifications to Slack. */
    Slack slack();

    /** Thresholds of the alert rules. */
    interface Rules {

        /** Rule {@code slot-retained-wal}: WAL kept on the source's disk for a replication slot. */
        SlotRetainedWal slotRetainedWal();
    }

    /**
     * Rule {@code slot-retained-wal}: fires when {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)} of a
     * slot is over a threshold.
     */
    interface SlotRetainedWal {

        /**
         * Retained WAL above which the alert fires with severity warning. Size in bytes with an optional
         * {@code K}, {@code M}, {@code G} or {@code T} suffix (powers of 1024); default {@code 1G}; env
         * {@code ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_WARNING}. Must not be greater than the critical threshold.
         */
        @WithDefault("1G")
        MemorySize warning();

        /**
         * Retained WAL above which the alert fires with severity critical. Size in bytes with an optional
         * {@code K}, {@code M}, {@code G} or {@code T} suffix (powers of 1024); default {@code 5000M}, PeerDB's
         * own slot-lag alert default; env {@code ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_CRITICAL}.
         */
        @WithDefault("5000M")
        MemorySize critical();
    }

    /** Delivery of notifications to Slack. */
    interface Slack {

        /**
         * Slack incoming-webhook URL ({@code https://hooks.slack.com/services/T…/B…/…}). A secret: only its
         * scheme and host are ever logged. When absent, alerts are only logged. No default; env
         * {@code ECHODB_ALERT_SLACK_WEBHOOK_URL}.
         */
        Optional<URI> webhookUrl();

        /**
         * Connect and read timeout of one request to Slack. Duration; default {@code 10s}; env
         * {@code ECHODB_ALERT_SLACK_TIMEOUT}.
         */
        @WithDefault("10s")
        Duration timeout();
    }
}
