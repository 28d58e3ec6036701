package io.echodb.alert.config;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.client.SlackDestination;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks {@link AlertConfig} at startup and stops the application with a message naming every invalid setting;
 * then logs what the service will do. Never logs a webhook's path or the bot token (they are secrets).
 */
@ApplicationScoped
public class AlertConfigValidator {

    private final AlertConfig config;

    public AlertConfigValidator(AlertConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid alert-service configuration: " + String.join("; ", problems));
        }
        AlertConfig.SlotRetainedWal retainedWal = config.rules().slotRetainedWal();
        Log.infof("Polling sources %s every %s (PeerDB %s); slot-retained-wal: warning over %s, critical over %s;"
                        + " repeat every %s", sourceNames(), config.pollInterval(),
                config.peerdb().enabled() ? "on" : "off", humanReadable(retainedWal.warning().asLongValue()),
                humanReadable(retainedWal.critical().asLongValue()), config.repeatInterval());
        AlertConfig.Slack slack = config.slack();
        if (slack.botToken().filter(token -> !token.isBlank()).isPresent()) {
            Log.infof("Sending alerts with a Slack bot token to %s (critical: %s, warning: %s)", slack.apiUrl(),
                    slack.critical().channel().or(slack::channel).orElse("-"),
                    slack.warning().channel().or(slack::channel).orElse("-"));
        } else if (slack.webhookUrl().or(() -> slack.critical().webhookUrl())
                .or(() -> slack.warning().webhookUrl()).isPresent()) {
            Log.infof("Sending alerts to Slack incoming webhooks (critical: %s, warning: %s)",
                    SlackDestination.masked(slack.critical().webhookUrl().or(slack::webhookUrl).orElse(null)),
                    SlackDestination.masked(slack.warning().webhookUrl().or(slack::webhookUrl).orElse(null)));
        } else {
            Log.warn("Neither echodb.alert.slack.bot-token nor echodb.alert.slack.webhook-url"
                    + " (ECHODB_ALERT_SLACK_WEBHOOK_URL) is set: alerts are only logged, nothing is sent to Slack");
        }
    }

    /** Every invalid setting, each message naming its key; empty when the configuration is usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        positive(problems, "echodb.alert.poll-interval", config.pollInterval());
        notNegative(problems, "echodb.alert.repeat-interval", config.repeatInterval());
        checkRules(problems);
        checkSources(problems);
        checkPeerDb(problems);
        checkSlack(problems);
        return problems;
    }

    private void checkRules(List<String> problems) {
        AlertConfig.Rules rules = config.rules();
        AlertConfig.SlotRetainedWal retainedWal = rules.slotRetainedWal();
        if (retainedWal.warning().asLongValue() > retainedWal.critical().asLongValue()) {
            problems.add("echodb.alert.rules.slot-retained-wal.warning (" + retainedWal.warning().asLongValue()
                    + " bytes) must not be greater than echodb.alert.rules.slot-retained-wal.critical ("
                    + retainedWal.critical().asLongValue() + " bytes)");
        }
        AlertConfig.SlotTimeToExhaustion exhaustion = rules.slotTimeToExhaustion();
        if (exhaustion.critical().compareTo(exhaustion.warning()) > 0) {
            problems.add("echodb.alert.rules.slot-time-to-exhaustion.critical (" + exhaustion.critical()
                    + ") must not be longer than echodb.alert.rules.slot-time-to-exhaustion.warning ("
                    + exhaustion.warning() + ")");
        }
        positive(problems, "echodb.alert.rules.slot-time-to-exhaustion.rate-window", exhaustion.rateWindow());
        if (rules.slotCapacity().threshold() < 1 || rules.slotCapacity().threshold() > 100) {
            problems.add("echodb.alert.rules.slot-capacity.threshold must be a percentage from 1 to 100, was "
                    + rules.slotCapacity().threshold());
        }
        if (rules.openConnections().threshold() < 0) {
            problems.add("echodb.alert.rules.open-connections.threshold must not be negative, was "
                    + rules.openConnections().threshold());
        }
        if (rules.mirrorStuck().states().stream().anyMatch(state -> !state.startsWith("STATUS_"))) {
            problems.add("echodb.alert.rules.mirror-stuck.states must name PeerDB states such as STATUS_SETUP, was "
                    + rules.mirrorStuck().states());
        }
        rules(rules).forEach((name, rule) -> {
            notNegative(problems, "echodb.alert.rules." + name + ".for", rule.forDuration());
            rule.repeatInterval().ifPresent(repeat -> notNegative(problems,
                    "echodb.alert.rules." + name + ".repeat-interval", repeat));
        });
    }

    /** Every rule by name, in name order. */
    static Map<String, AlertConfig.Rule> rules(AlertConfig.Rules rules) {
        return new TreeMap<>(Map.ofEntries(
                Map.entry("slot-retained-wal", rules.slotRetainedWal()),
                Map.entry("slot-consumer-stuck", rules.slotConsumerStuck()),
                Map.entry("slot-inactive", rules.slotInactive()),
                Map.entry("slot-wal-status", rules.slotWalStatus()),
                Map.entry("slot-time-to-exhaustion", rules.slotTimeToExhaustion()),
                Map.entry("slot-capacity", rules.slotCapacity()),
                Map.entry("mirror-failed", rules.mirrorFailed()),
                Map.entry("mirror-paused", rules.mirrorPaused()),
                Map.entry("mirror-stuck", rules.mirrorStuck()),
                Map.entry("open-connections", rules.openConnections()),
                Map.entry("table-unmirrored", rules.tableUnmirrored()),
                Map.entry("table-skipped", rules.tableSkipped()),
                Map.entry("auto-mirror-failing", rules.autoMirrorFailing()),
                Map.entry("source-unreachable", rules.sourceUnreachable())));
    }

    private void checkSources(List<String> problems) {
        config.sources().forEach((name, source) -> {
            if (name.equals(config.sourceName())) {
                problems.add("echodb.alert.sources." + name + " has the name of the default source"
                        + " (echodb.alert.source-name); give it another name");
            }
            try {
                PgConnectOptions.fromUri(source.url());
            } catch (RuntimeException e) {
                problems.add("echodb.alert.sources." + name + ".url must be a PostgreSQL URL such as"
                        + " postgresql://host:5432/database (" + e.getMessage() + ")");
            }
        });
        config.state().source()
                .filter(name -> !name.equals(config.sourceName()) && !config.sources().containsKey(name))
                .ifPresent(name -> problems.add("echodb.alert.state.source must be " + sourceNames()
                        + ", was " + name));
    }

    private void checkPeerDb(List<String> problems) {
        if (config.peerdb().errorLines() < 1 || config.peerdb().errorLines() > 50) {
            problems.add("echodb.alert.peerdb.error-lines must be from 1 to 50, was " + config.peerdb().errorLines());
        }
        if (config.peerdb().concurrency() < 1) {
            problems.add("echodb.alert.peerdb.concurrency must be at least 1, was " + config.peerdb().concurrency());
        }
    }

    private void checkSlack(List<String> problems) {
        AlertConfig.Slack slack = config.slack();
        positive(problems, "echodb.alert.slack.timeout", slack.timeout());
        notNegative(problems, "echodb.alert.slack.min-interval", slack.minInterval());
        positive(problems, "echodb.alert.slack.backoff", slack.backoff());
        if (slack.maxAttempts() < 1) {
            problems.add("echodb.alert.slack.max-attempts must be at least 1, was " + slack.maxAttempts());
        }
        webhook(problems, "echodb.alert.slack.webhook-url", slack.webhookUrl());
        webhook(problems, "echodb.alert.slack.critical.webhook-url", slack.critical().webhookUrl());
        webhook(problems, "echodb.alert.slack.warning.webhook-url", slack.warning().webhookUrl());
        if (!isHttpUrl(slack.apiUrl())) {
            problems.add("echodb.alert.slack.api-url must be an absolute http(s) URL, was " + slack.apiUrl());
        }
        boolean bot = slack.botToken().filter(token -> !token.isBlank()).isPresent();
        if (bot) {
            for (String severity : List.of("critical", "warning")) {
                AlertConfig.Route route = severity.equals("critical") ? slack.critical() : slack.warning();
                if (route.channel().or(slack::channel).filter(channel -> !channel.isBlank()).isEmpty()) {
                    problems.add("echodb.alert.slack.bot-token is set but " + severity + " alerts have no channel:"
                            + " set echodb.alert.slack.channel or echodb.alert.slack." + severity + ".channel");
                }
            }
        } else if (slack.webhookUrl().isEmpty()
                && slack.critical().webhookUrl().isPresent() != slack.warning().webhookUrl().isPresent()) {
            problems.add("only one severity has a webhook: set echodb.alert.slack.webhook-url for the other, or both"
                    + " echodb.alert.slack.critical.webhook-url and echodb.alert.slack.warning.webhook-url");
        }
    }

    private String sourceNames() {
        List<String> names = new ArrayList<>();
        names.add(config.sourceName());
        config.sources().keySet().stream().sorted().forEach(names::add);
        return names.toString();
    }

    private static void webhook(List<String> problems, String key, Optional<URI> url) {
        url.filter(value -> !isHttpUrl(value)).ifPresent(value -> problems.add(
                key + " must be an absolute http(s) URL, was " + SlackDestination.masked(value)));
    }

    private static void positive(List<String> problems, String key, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            problems.add(key + " must be positive, was " + duration);
        }
    }

    private static void notNegative(List<String> problems, String key, Duration duration) {
        if (duration.isNegative()) {
            problems.add(key + " must not be negative, was " + duration);
        }
    }

    private static boolean isHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return url.isAbsolute() && url.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
    }
}
