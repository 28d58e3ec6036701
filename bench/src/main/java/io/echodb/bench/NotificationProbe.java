package io.echodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The floor of the main path: a bare Vert.x {@link PgSubscriber} in the benchmark's JVM, listening on the event
 * trigger's channel {@value #CHANNEL} as listener-service does, that notes {@link System#nanoTime()} when each
 * table's {@code CREATED} notification arrives.
 */
final class NotificationProbe implements AutoCloseable {

    /** The channel the EchoDB event trigger notifies (listener-service's default). */
    static final String CHANNEL = "echodb_table_events";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

    private NotificationProbe(Vertx vertx, PgSubscriber subscriber) {
        this.vertx = vertx;
        this.subscriber = subscriber;
    }

    /**
     * Connects and waits until {@code LISTEN} is in effect.
     *
     * @throws IllegalStateException when it cannot connect within 10 s
     */
    static NotificationProbe start(int port, String database, String user) {
        Vertx vertx = Vertx.vertx();
        PgSubscriber subscriber = PgSubscriber.subscriber(
                vertx,
                new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setDatabase(database)
                        .setUser(user)
                        .setPassword(""));
        NotificationProbe probe = new NotificationProbe(vertx, subscriber);
        Promise<Void> listening = Promise.promise();
        subscriber
                .channel(CHANNEL)
                .subscribeHandler(ignored -> listening.tryComplete())
                .handler(probe::received);
        try {
            subscriber
                    .connect()
                    .compose(connected -> listening.future())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return probe;
        } catch (ExecutionException | TimeoutException e) {
            probe.close();
            throw new IllegalStateException("cannot LISTEN on " + CHANNEL + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            probe.close();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void received(String payload) {
        long now = System.nanoTime();
        try {
            JsonNode event = JSON.readTree(payload);
            if ("CREATED".equals(event.path("event").asText())) {
                arrivals.putIfAbsent(
                        event.path("schema").asText() + "."
                                + event.path("table").asText(),
                        now);
            }
        } catch (IOException e) {
            // not a trigger payload: not ours to measure
        }
    }

    /**
     * When the notification of {@code schema.table} arrived ({@link System#nanoTime()}), waiting up to
     * {@code timeout}; empty when it did not arrive.
     */
    OptionalLong arrival(String qualifiedTable, Duration timeout) {
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2))
                    .until(() -> arrivals.containsKey(qualifiedTable));
            return OptionalLong.of(arrivals.get(qualifiedTable));
        } catch (ConditionTimeoutException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        try {
            subscriber.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            vertx.close();
        }
    }

    @Override
    public String toString() {
        return "PgSubscriber on " + CHANNEL;
    }
}
