package io.echodb.alert.service;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.client.SlackClient;
import io.echodb.alert.client.SlackDeliveryException;
import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.Notification;
import io.echodb.alert.domain.SlackDestination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells people about one cycle's notifications: routes each by severity, groups each destination's into one
 * message (split only past Slack's limits) and sends them through {@link SlackClient}; without Slack they are only
 * logged. Threads with a bot token: docs/architecture.md §Slack threads. Counter {@link AlertMetrics#NOTIFICATIONS}.
 */
@ApplicationScoped
public class NotificationService {

    /** What became of one notification. */
    public enum Outcome {
        /** Slack took it (or, without Slack, it was logged). */
        DELIVERED,
        /** Slack refused it permanently: it is not sent again (the alert counts as notified). */
        GAVE_UP,
        /** Not delivered after every retry: it is due again next cycle. */
        RETRY
    }

    /**
     * The fate of one notification.
     *
     * @param notification which
     * @param outcome what became of it
     * @param channel with a bot token, the channel of the new top-level message that announced it, else null
     * @param ts that message's ts, else null
     */
    public record Delivery(Notification notification, Outcome outcome, String channel, String ts) {}

    private final SlackClient slack;
    private final SlackMessageFormatter formatter;
    private final AlertStore store;
    private final boolean resolvedInThread;
    private final Counter sent;
    private final Counter failed;
    private final Counter logged;
    private final Counter tooLarge;

    public NotificationService(
            SlackClient slack,
            SlackMessageFormatter formatter,
            AlertStore store,
            AlertConfig config,
            MeterRegistry registry) {
        this.slack = slack;
        this.formatter = formatter;
        this.store = store;
        this.resolvedInThread = config.slack().resolvedInThread();
        this.sent = counter(registry, "sent");
        this.failed = counter(registry, "failed");
        this.logged = counter(registry, "logged");
        this.tooLarge = AlertMetrics.slackSplits(registry);
    }

    /** Delivers {@code notifications} (in their order within each destination); never fails. */
    public Uni<List<Delivery>> deliver(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (slack.mode() == SlackClient.Mode.LOG) {
            notifications.forEach(notification -> Log.infof(
                    "Notification (no Slack configured): %s %s: %s",
                    typeOf(notification),
                    notification.alert().key(),
                    notification.alert().finding().summary()));
            logged.increment(notifications.size());
            return Uni.createFrom()
                    .item(notifications.stream()
                            .map(notification -> new Delivery(notification, Outcome.DELIVERED, null, null))
                            .toList());
        }
        Map<SlackDestination, List<Notification>> byDestination = new LinkedHashMap<>();
        for (Notification notification : notifications) {
            Optional<SlackDestination> destination =
                    slack.route(notification.alert().severity());
            if (destination.isEmpty()) {
                Log.warnf(
                        "No Slack route for %s alerts; %s is dropped",
                        notification.alert().severity().label(),
                        notification.alert().key());
                continue;
            }
            byDestination
                    .computeIfAbsent(destination.get(), ignored -> new ArrayList<>())
                    .add(notification);
        }
        List<Uni<List<Delivery>>> sends = byDestination.entrySet().stream()
                .map(entry -> slack.mode() == SlackClient.Mode.BOT
                        ? deliverByBot(entry.getKey(), entry.getValue())
                        : sendParts(entry.getKey(), entry.getValue(), null, null))
                .toList();
        return Uni.join()
                .all(sends)
                .andCollectFailures()
                .map(lists -> lists.stream().flatMap(List::stream).toList())
                .invoke(deliveries -> deliveries.forEach(delivery -> {
                    if (delivery.outcome() == Outcome.DELIVERED) {
                        sent.increment();
                    } else {
                        failed.increment();
                    }
                }));
    }

    /** Sends a test message to every destination: destination → error, {@code null} when it went through. */
    public Uni<Map<SlackDestination, String>> test(String routes) {
        SlackMessage message = formatter.test(routes, java.time.Instant.now());
        return Multi.createFrom()
                .iterable(slack.destinations())
                .onItem()
                .transformToUniAndConcatenate(destination -> slack.post(destination, message, null)
                        .map(posted -> Map.entry(destination, ""))
                        .onFailure()
                        .recoverWithItem(failure -> Map.entry(destination, reason(failure))))
                .collect()
                .asList()
                .map(results -> {
                    Map<SlackDestination, String> outcome = new LinkedHashMap<>();
                    results.forEach(result ->
                            outcome.put(result.getKey(), result.getValue().isEmpty() ? null : result.getValue()));
                    return outcome;
                });
    }

    /** Bot token: new alerts top-level, repeats and resolutions in their threads (per thread one reply). */
    private Uni<List<Delivery>> deliverByBot(SlackDestination destination, List<Notification> notifications) {
        List<Notification> topLevel = new ArrayList<>();
        Map<Alert.Notice, List<Notification>> threads = new LinkedHashMap<>();
        for (Notification notification : notifications) {
            Alert.Notice notice = notification.alert().lastNotice();
            boolean threaded = (notification.type() == Notification.Type.REPEAT
                            || notification.type() == Notification.Type.RESOLVED)
                    && notice != null
                    && notice.hasThread();
            if (threaded) {
                threads.computeIfAbsent(
                                new Alert.Notice(null, null, notice.channel(), notice.ts()),
                                ignored -> new ArrayList<>())
                        .add(notification);
            } else {
                topLevel.add(notification);
            }
        }
        return sendParts(destination, topLevel, null, null)
                .call(this::markEscalated)
                .chain(top -> Multi.createFrom()
                        .iterable(threads.entrySet())
                        .onItem()
                        .transformToUniAndConcatenate(thread -> inThread(
                                destination,
                                thread.getKey().channel(),
                                thread.getKey().ts(),
                                thread.getValue()))
                        .collect()
                        .asList()
                        .map(threaded -> {
                            List<Delivery> all = new ArrayList<>(top);
                            threaded.forEach(all::addAll);
                            return all;
                        }));
    }

    /**
     * After an escalation went out as a new message, edits the earlier message (chat.update) so that it no longer
     * reads "firing" at the old severity but points at the newer one. A failure is logged only: the new message
     * was delivered.
     */
    private Uni<Void> markEscalated(List<Delivery> deliveries) {
        Map<Alert.Notice, Map<String, SlackMessageFormatter.Escalation>> earlier = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            Alert.Notice notice = delivery.notification().alert().lastNotice();
            if (delivery.notification().type() == Notification.Type.ESCALATED
                    && delivery.outcome() == Outcome.DELIVERED
                    && delivery.channel() != null
                    && notice != null
                    && notice.hasThread()) {
                earlier.computeIfAbsent(
                                new Alert.Notice(null, null, notice.channel(), notice.ts()),
                                ignored -> new LinkedHashMap<>())
                        .put(
                                delivery.notification().alert().key().fingerprint(),
                                new SlackMessageFormatter.Escalation(
                                        delivery.notification().alert().severity(), delivery.channel()));
            }
        }
        return Multi.createFrom()
                .iterable(earlier.entrySet())
                .onItem()
                .transformToUniAndConcatenate(entry -> {
                    String channel = entry.getKey().channel();
                    String ts = entry.getKey().ts();
                    return store.message(channel, ts)
                            .chain(alerts -> alerts.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : slack.update(channel, ts, formatter.superseded(alerts.get(), entry.getValue())))
                            .onFailure()
                            .recoverWithUni(failure -> {
                                Log.warnf(
                                        "Cannot mark the Slack message %s in %s as escalated: %s",
                                        ts, channel, reason(failure));
                                return Uni.createFrom().voidItem();
                            });
                })
                .collect()
                .asList()
                .replaceWithVoid();
    }

    private Uni<List<Delivery>> inThread(
            SlackDestination route, String channel, String ts, List<Notification> notifications) {
        List<Notification> replies = notifications.stream()
                .filter(n -> n.type() == Notification.Type.REPEAT || resolvedInThread)
                .toList();
        List<Notification> resolved = notifications.stream()
                .filter(n -> n.type() == Notification.Type.RESOLVED)
                .toList();
        Uni<List<Delivery>> reply = sendParts(new SlackDestination(channel, null), replies, ts, route);
        if (resolved.isEmpty()) {
            return reply;
        }
        Uni<Outcome> update = store.message(channel, ts).chain(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().item(Outcome.GAVE_UP);
            }
            List<Alert> current = entries.get().stream()
                    .map(entry -> resolved.stream()
                            .map(Notification::alert)
                            .filter(alert -> alert.key().equals(entry.key()))
                            .findFirst()
                            .orElse(entry))
                    .toList();
            return slack.update(channel, ts, formatter.current(current))
                    .chain(() -> store.saveMessage(channel, ts, current))
                    .replaceWith(Outcome.DELIVERED)
                    .onFailure()
                    .recoverWithItem(failure -> {
                        Log.warnf("Cannot update the Slack message %s in %s: %s", ts, channel, reason(failure));
                        // An edit Slack finds too large will not shrink next cycle: the message stays as it was.
                        return failure instanceof SlackDeliveryException.Rejected rejected && rejected.tooLarge()
                                ? Outcome.GAVE_UP
                                : outcomeOf(failure);
                    });
        });
        return update.chain(updated -> reply.map(replied -> {
            if (resolvedInThread) {
                return replied;
            }
            List<Delivery> all = new ArrayList<>(replied);
            resolved.forEach(notification -> all.add(new Delivery(notification, updated, null, null)));
            return all;
        }));
    }

    /**
     * The messages for {@code notifications} to one destination, one after the other; in a thread when
     * {@code threadTs} is given, falling back to a new top-level message at {@code fallback} when Slack no longer
     * knows the thread.
     */
    private Uni<List<Delivery>> sendParts(
            SlackDestination destination,
            List<Notification> notifications,
            String threadTs,
            SlackDestination fallback) {
        if (notifications.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sendAll(destination, formatter.format(notifications), threadTs, fallback);
    }

    /** Sends {@code parts} one after the other. */
    private Uni<List<Delivery>> sendAll(
            SlackDestination destination,
            List<SlackMessageFormatter.Part> parts,
            String threadTs,
            SlackDestination fallback) {
        return Multi.createFrom()
                .iterable(parts)
                .onItem()
                .transformToUniAndConcatenate(part -> sendPart(destination, part, threadTs, fallback))
                .collect()
                .asList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /**
     * Sends one part. When Slack refuses it for its size or blocks ({@code msg_blocks_too_long}, {@code msg_too_long},
     * {@code invalid_blocks}), a problem of this message only, it is split in two and sent again, down to one alert
     * per message and at last that alert's plain-text line; what Slack never took is due again next cycle.
     */
    private Uni<List<Delivery>> sendPart(
            SlackDestination destination, SlackMessageFormatter.Part part, String threadTs, SlackDestination fallback) {
        return send(destination, part, threadTs)
                .onFailure(failure -> threadTs != null
                        && fallback != null
                        && failure instanceof SlackDeliveryException.Rejected rejected
                        && !rejected.setupError()
                        && !rejected.tooLarge())
                .recoverWithUni(failure -> {
                    Log.infof(
                            "Slack thread %s is gone (%s); posting a new message to %s",
                            threadTs, ((SlackDeliveryException) failure).error(), fallback);
                    return send(fallback, part, null);
                })
                .map(sent -> part.notifications().stream()
                        .map(notification -> new Delivery(
                                notification,
                                Outcome.DELIVERED,
                                sent.topLevel() ? sent.posted().channel() : null,
                                sent.topLevel() ? sent.posted().ts() : null))
                        .toList())
                .onFailure()
                .recoverWithUni(failure -> {
                    if (failure instanceof SlackDeliveryException.Rejected rejected && rejected.tooLarge()) {
                        List<SlackMessageFormatter.Part> smaller = smaller(part);
                        if (!smaller.isEmpty()) {
                            tooLarge.increment();
                            Log.infof(
                                    "Slack refused a message with %d notifications for %s (%s, %d characters of"
                                            + " block text); sending it as %d messages",
                                    part.notifications().size(),
                                    destination,
                                    rejected.error(),
                                    part.message().blockTextLength(),
                                    smaller.size());
                            return sendAll(destination, smaller, threadTs, fallback);
                        }
                    }
                    Log.warnf(
                            "Slack did not take a message with %d notifications for %s: %s",
                            part.notifications().size(), destination, reason(failure));
                    return Uni.createFrom()
                            .item(part.notifications().stream()
                                    .map(notification -> new Delivery(notification, outcomeOf(failure), null, null))
                                    .toList());
                });
    }

    /** A refused part as smaller ones: halves, then one alert's one-line form, then its plain text; else empty. */
    private List<SlackMessageFormatter.Part> smaller(SlackMessageFormatter.Part part) {
        List<Notification> carried = part.notifications();
        if (carried.size() > 1) {
            return formatter.split(carried);
        }
        if (part.message().blocks() == null) {
            return List.of();
        }
        SlackMessageFormatter.Part oneLine = formatter.split(carried).getFirst();
        boolean shorter = oneLine.message().blockTextLength() < part.message().blockTextLength();
        return List.of(
                shorter ? oneLine : new SlackMessageFormatter.Part(formatter.plain(carried.getFirst()), carried));
    }

    /** Posts one part; a top-level bot-token message is recorded for its later update. */
    private Uni<Sent> send(SlackDestination destination, SlackMessageFormatter.Part part, String threadTs) {
        return slack.post(destination, part.message(), threadTs)
                .call(posted -> threadTs == null && posted.ts() != null
                        ? store.saveMessage(
                                        posted.channel(),
                                        posted.ts(),
                                        part.notifications().stream()
                                                .map(Notification::alert)
                                                .toList())
                                .onFailure()
                                .invoke(failure -> Log.warnf(
                                        "Cannot record Slack message %s: %s", posted.ts(), failure.getMessage()))
                                .onFailure()
                                .recoverWithNull()
                        : Uni.createFrom().voidItem())
                .map(posted -> new Sent(posted, threadTs == null));
    }

    /** A posted part and whether it is a top-level message (a thread of its own). */
    private record Sent(SlackClient.Posted posted, boolean topLevel) {}

    /**
     * A refusal of the setup or of a thread is given up (the alert counts as notified); a message Slack found too
     * large even as plain text, and every failure that may pass, is due again next cycle.
     */
    private static Outcome outcomeOf(Throwable failure) {
        return failure instanceof SlackDeliveryException.Rejected rejected && !rejected.tooLarge()
                ? Outcome.GAVE_UP
                : Outcome.RETRY;
    }

    private static String typeOf(Notification notification) {
        return notification.type().name().toLowerCase(Locale.ROOT) + " "
                + notification.alert().severity().label();
    }

    private static String reason(Throwable failure) {
        return failure instanceof SlackDeliveryException delivery
                ? delivery.getMessage()
                : failure.getClass().getSimpleName() + " (details withheld: they may contain a secret)";
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return AlertMetrics.notifications(registry, outcome);
    }
}
