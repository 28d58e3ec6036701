package io.echodb.alert.config;

import static io.echodb.alert.domain.ByteSizes.humanReadable;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks {@link AlertConfig} at startup and stops the application with a message naming every invalid
 * setting; then logs what the service will do. Never logs the Slack webhook's path (it is the secret).
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
        Log.infof("Polling source %s every %s; rule slot-retained-wal: warning over %s, critical over %s",
                config.sourceName(), config.pollInterval(), humanReadable(retainedWal.warning().asLongValue()),
                humanReadable(retainedWal.critical().asLongValue()));
        config.slack().webhookUrl().ifPresentOrElse(
                url -> Log.infof("Sending alerts to the Slack incoming webhook %s", masked(url)),
                () -> Log.warn("echodb.alert.slack.webhook-url (ECHODB_ALERT_SLACK_WEBHOOK_URL) is not set: "
                        + "alerts are only logged, nothing is sent to Slack"));
    }

    /** Every invalid setting, each message naming its key; empty when the configuration is usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!isPositive(config.pollInterval())) {
            problems.add("echodb.alert.poll-interval must be positive, was " + config.pollInterval());
        }
        AlertConfig.SlotRetainedWal retainedWal = config.rules().slotRetainedWal();
        if (retainedWal.warning().asLongValue() > retainedWal.critical().asLongValue()) {
            problems.add("echodb.alert.rules.slot-retained-wal.warning (" + retainedWal.warning().asLongValue()
                    + " bytes) must not be greater than echodb.alert.rules.slot-retained-wal.critical ("
                    + retainedWal.critical().asLongValue() + " bytes)");
        }
        if (!isPositive(config.slack().timeout())) {
            problems.add("echodb.alert.slack.timeout must be positive, was " + config.slack().timeout());
        }
        config.slack().webhookUrl().filter(url -> !isHttpUrl(url)).ifPresent(url -> problems.add(
                "echodb.alert.slack.webhook-url must be an absolute http(s) URL, was " + masked(url)));
        return problems;
    }

    /** {@code https://hooks.slack.com/***}: scheme, host and port only; the path carries the webhook's secret. */
    static String masked(URI url) {
        if (url.getScheme() == null || url.getHost() == null) {
            return "***";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + "/***";
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static boolean isHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return url.isAbsolute() && url.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
    }
}
