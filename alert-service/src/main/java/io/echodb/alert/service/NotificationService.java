package io.echodb.alert.service;

import io.echodb.alert.client.SlackDeliveryException;
import io.echodb.alert.client.SlackWebhookClient;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/**
 * Tells people about alert events: posts them to Slack when a webhook is configured, otherwise only logs them.
 * Delivery never fails the caller: a message Slack does not take is logged at WARN with Slack's error string.
 *
 * <p>Counter {@code echodb.alert.notifications}, tag {@code outcome}: {@code sent} (Slack answered {@code ok}),
 * {@code failed} (rejected, 5xx or unreachable, after the retry), {@code logged} (no webhook configured).
 */
@ApplicationScoped
public class NotificationService {

    static final String NOTIFICATIONS = "echodb.alert.notifications";

    private final SlackWebhookClient slack;
    private final SlackMessageFormatter formatter;
    private final Counter sent;
    private final Counter failed;
    private final Counter logged;

    public NotificationService(SlackWebhookClient slack, SlackMessageFormatter formatter, MeterRegistry registry) {
        this.slack = slack;
        this.formatter = formatter;
        this.sent = counter(registry, "sent");
        this.failed = counter(registry, "failed");
        this.logged = counter(registry, "logged");
    }

    /** Delivers {@code events} one after the other, in order; completes when all were handled. */
    public Uni<Void> deliverAll(List<AlertEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(this::deliver)
                .collect().last()
                .replaceWithVoid();
    }

    /** Delivers one event; never fails. */
    public Uni<Void> deliver(AlertEvent event) {
        if (!slack.configured()) {
            return Uni.createFrom().voidItem().invoke(() -> logged.increment());
        }
        return slack.send(formatter.format(event))
                .invoke(() -> {
                    sent.increment();
                    Log.debugf("Sent the %s notification for %s to Slack", typeOf(event), event.alert().key());
                })
                .onFailure().invoke(failure -> {
                    failed.increment();
                    Log.warnf("Slack did not take the %s notification for %s: %s", typeOf(event),
                            event.alert().key(), reason(failure));
                })
                .onFailure().recoverWithNull();
    }

    private static String typeOf(AlertEvent event) {
        Alert alert = event.alert();
        return event.type().name().toLowerCase(Locale.ROOT) + " " + alert.severity().label();
    }

    private static String reason(Throwable failure) {
        return failure instanceof SlackDeliveryException delivery
                ? delivery.getMessage()
                : failure.getClass().getSimpleName() + " (details withheld: they may contain the webhook URL)";
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(NOTIFICATIONS)
                .description("Alert notifications by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
