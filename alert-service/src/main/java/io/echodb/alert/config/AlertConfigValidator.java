package io.echodb.alert.config;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.echodb.alert.domain.SlackDestination;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks at startup the settings of {@link AlertConfig} that must agree with each other (single values are checked
 * by its constraints) and stops the application with a message naming them; then logs what the service will do.
 * Never logs a webhook's path or the bot token (they are secrets).
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
        Log.infof(
                "Polling sources %s every %s (PeerDB %s); slot-retained-wal: warning over %s, critical over %s;"
                        + " repeat every %s",
                sourceNames(),
                config.pollInterval(),
                config.peerdb().enabled() ? "on" : "off",
                humanReadable(retainedWal.warning().asLongValue()),
                humanReadable(retainedWal.critical().asLongValue()),
                config.repeatInterval());
        AlertConfig.Slack slack = config.slack();
        if (slack.botToken().filter(token -> !token.isBlank()).isPresent()) {
            Log.infof(
                    "Sending alerts with a Slack bot token to %s (critical: %s, warning: %s)",
                    slack.apiUrl(),
                    slack.critical().channel().or(slack::channel).orElse("-"),
                    slack.warning().channel().or(slack::channel).orElse("-"));
        } else if (slack.webhookUrl()
                .or(() -> slack.critical().webhookUrl())
                .or(() -> slack.warning().webhookUrl())
                .isPresent()) {
            Log.infof(
                    "Sending alerts to Slack incoming webhooks (critical: %s, warning: %s)",
                    SlackDestination.masked(
                            slack.critical().webhookUrl().or(slack::webhookUrl).orElse(null)),
                    SlackDestination.masked(
                            slack.warning().webhookUrl().or(slack::webhookUrl).orElse(null)));
        } else {
            Log.warn("Neither echodb.alert.slack.bot-token nor echodb.alert.slack.webhook-url"
                    + " (ECHODB_ALERT_SLACK_WEBHOOK_URL) is set: alerts are only logged, nothing is sent to Slack");
        }
    }

    /**
     * Every pair of settings that contradict each other, each message naming them; empty when they agree. Single
     * values are checked earlier, by the constraints on {@link AlertConfig}.
     */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkThresholds(problems);
        checkSources(problems);
        checkSlackRoutes(problems);
        return problems;
    }

    private void checkThresholds(List<String> problems) {
        AlertConfig.SlotRetainedWal retainedWal = config.rules().slotRetainedWal();
        if (retainedWal.warning().asLongValue() > retainedWal.critical().asLongValue()) {
            problems.add("echodb.alert.rules.slot-retained-wal.warning ("
                    + retainedWal.warning().asLongValue()
                    + " bytes) must not be greater than echodb.alert.rules.slot-retained-wal.critical ("
                    + retainedWal.critical().asLongValue() + " bytes)");
        }
        AlertConfig.SlotTimeToExhaustion exhaustion = config.rules().slotTimeToExhaustion();
        if (exhaustion.critical().compareTo(exhaustion.warning()) > 0) {
            problems.add("echodb.alert.rules.slot-time-to-exhaustion.critical (" + exhaustion.critical()
                    + ") must not be longer than echodb.alert.rules.slot-time-to-exhaustion.warning ("
                    + exhaustion.warning() + ")");
        }
    }

    private void checkSources(List<String> problems) {
        config.sources().keySet().stream()
                .filter(config.sourceName()::equals)
                .forEach(name -> problems.add("echodb.alert.sources." + name + " has the name of the default source"
                        + " (echodb.alert.source-name); give it another name"));
        config.state()
                .source()
                .filter(name ->
                        !name.equals(config.sourceName()) && !config.sources().containsKey(name))
                .ifPresent(
                        name -> problems.add("echodb.alert.state.source must be " + sourceNames() + ", was " + name));
    }

    private void checkSlackRoutes(List<String> problems) {
        AlertConfig.Slack slack = config.slack();
        boolean bot = slack.botToken().filter(token -> !token.isBlank()).isPresent();
        if (bot) {
            for (String severity : List.of("critical", "warning")) {
                AlertConfig.Route route = severity.equals("critical") ? slack.critical() : slack.warning();
                if (route.channel()
                        .or(slack::channel)
                        .filter(channel -> !channel.isBlank())
                        .isEmpty()) {
                    problems.add("echodb.alert.slack.bot-token is set but " + severity + " alerts have no channel:"
                            + " set echodb.alert.slack.channel or echodb.alert.slack." + severity + ".channel");
                }
            }
        } else if (slack.webhookUrl().isEmpty()
                && slack.critical().webhookUrl().isPresent()
                        != slack.warning().webhookUrl().isPresent()) {
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
}
