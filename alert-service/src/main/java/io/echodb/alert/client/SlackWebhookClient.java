package io.echodb.alert.client;

import io.echodb.alert.config.AlertConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Posts messages to the Slack incoming webhook {@code echodb.alert.slack.webhook-url}, when one is configured.
 * Retries once, after a delay, on a 5xx answer or a network error; never retries a rejection (4xx, including
 * 429, which Slack asks not to hammer).
 */
@ApplicationScoped
public class SlackWebhookClient {

    private static final int MAX_ERROR_LENGTH = 200;

    private final Optional<SlackWebhookRestClient> webhook;
    private final String secretPath;

    public SlackWebhookClient(AlertConfig config) {
        long timeoutMillis = config.slack().timeout().toMillis();
        this.webhook = config.slack().webhookUrl().map(url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(SlackWebhookRestClient.class));
        this.secretPath = config.slack().webhookUrl().map(URI::getRawPath).filter(path -> path.length() > 1).orElse("");
    }

    /** Whether a webhook URL is configured; without one {@link #send} must not be called. */
    public boolean configured() {
        return webhook.isPresent();
    }

    /**
     * Posts one message.
     *
     * @return completes when Slack answered {@code ok}; fails with {@link SlackDeliveryException.Rejected}
     *     (permanent), {@link SlackDeliveryException.Unavailable} (5xx after the retry) or
     *     {@link SlackDeliveryException.Unreachable} (network error or timeout after the retry)
     * @throws IllegalStateException when no webhook URL is configured
     */
    @Retry(maxRetries = 1, delay = 2, delayUnit = ChronoUnit.SECONDS, jitter = 500,
            abortOn = SlackDeliveryException.Rejected.class)
    public Uni<Void> send(SlackMessage message) {
        SlackWebhookRestClient client = webhook.orElseThrow(
                () -> new IllegalStateException("echodb.alert.slack.webhook-url is not set"));
        return client.post(message)
                .invoke(SlackWebhookClient::check)
                .onFailure(failure -> !(failure instanceof SlackDeliveryException))
                .transform(failure -> new SlackDeliveryException.Unreachable(redacted(failure)))
                .replaceWithVoid();
    }

    private static void check(Response response) {
        try (response) {
            String body = response.hasEntity() ? response.readEntity(String.class).strip() : "";
            int status = response.getStatus();
            if (status >= 500) {
                throw new SlackDeliveryException.Unavailable(status, shortened(body));
            }
            if (status >= 300 || !body.equals("ok")) {
                throw new SlackDeliveryException.Rejected(status, shortened(body));
            }
        }
    }

    /** The failure as {@code Type: message} with the webhook's path (its secret) masked; the cause is dropped. */
    private String redacted(Throwable failure) {
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return secretPath.isEmpty() ? message : message.replace(secretPath, "/***");
    }

    private static String shortened(String body) {
        if (body.isEmpty()) {
            return "(empty answer)";
        }
        return body.length() <= MAX_ERROR_LENGTH ? body : body.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
