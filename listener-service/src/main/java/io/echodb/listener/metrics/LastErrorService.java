package io.echodb.listener.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The most recent failure of this service (lost LISTEN connection, catalog query, delivery to
 * mirror-service, REPLICA IDENTITY change), for the replaced worker's {@code /metrics} field
 * {@code last_error}. Messages come from PostgreSQL errors and HTTP statuses, never from connection strings.
 */
@ApplicationScoped
public class LastErrorService {

    /**
     * One failure.
     *
     * @param message what failed and why, for people
     * @param at when it was recorded
     */
    public record LastError(String message, Instant at) {}

    private final AtomicReference<LastError> last = new AtomicReference<>();

    /** Remembers {@code message} as the most recent failure. */
    public void record(String message) {
        last.set(new LastError(message, Instant.now()));
    }

    /** The most recent failure since the process started, if any. */
    public Optional<LastError> last() {
        return Optional.ofNullable(last.get());
    }
}
