package io.echodb.mirror.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one piece at a time per key, in submission order: a convergence per source, the PeerDB
 * requests per mirror. Work for different keys runs concurrently. A failure of one piece does not stop the next.
 * Keys are forgotten when their queue runs empty.
 */
@ApplicationScoped
public class SerialWork {

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /**
     * {@code work}, started once everything submitted earlier under {@code key} has finished.
     *
     * @return the work's outcome; subscribing submits the work (once per subscription)
     */
    public <T> Uni<T> submit(String key, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<T> result = new CompletableFuture<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(key, done);
            Runnable start = () -> Uni.createFrom()
                    .deferred(work::get)
                    .subscribe()
                    .with(
                            item -> {
                                release(key, done);
                                result.complete(item);
                            },
                            failure -> {
                                release(key, done);
                                result.completeExceptionally(failure);
                            });
            if (previous == null) {
                start.run();
            } else {
                previous.whenComplete((ignored, failure) -> start.run());
            }
            return Uni.createFrom().completionStage(result);
        });
    }

    private void release(String key, CompletableFuture<Void> done) {
        tails.remove(key, done);
        done.complete(null);
    }
}
