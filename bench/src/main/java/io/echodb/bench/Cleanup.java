package io.echodb.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jboss.logging.Logger;

/**
 * Everything the benchmark started (local stacks, extra service processes, subscribers), stopped newest first by
 * {@link #closeAll()}: at the end of a scenario, at the end of the run, and from the JVM's shutdown hook on Ctrl-C
 * or SIGTERM. Once {@link #closeAll()} ran for the shutdown hook, nothing new may be registered. Thread-safe.
 */
final class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private boolean shutDown;

    /**
     * Registers {@code part} to be closed.
     *
     * @return {@code part}
     * @throws IllegalStateException when the JVM is shutting down (then {@code part} is closed at once)
     */
    synchronized <T extends AutoCloseable> T register(T part) {
        if (shutDown) {
            closeQuietly(part);
            throw new IllegalStateException("the benchmark is stopping");
        }
        parts.push(part);
        return part;
    }

    /** Closes {@code part} now (if registered, it is forgotten). */
    void close(AutoCloseable part) {
        synchronized (this) {
            parts.remove(part);
        }
        closeQuietly(part);
    }

    /** Closes everything registered, newest first. */
    void closeAll() {
        while (true) {
            AutoCloseable part;
            synchronized (this) {
                part = parts.poll();
            }
            if (part == null) {
                return;
            }
            closeQuietly(part);
        }
    }

    /** Whether the JVM is shutting down (Ctrl-C, SIGTERM): the run was interrupted. */
    synchronized boolean shuttingDown() {
        return shutDown;
    }

    /** A shutdown hook that closes everything and refuses further registrations. */
    Thread shutdownHook() {
        return new Thread(
                () -> {
                    synchronized (this) {
                        shutDown = true;
                    }
                    closeAll();
                },
                "bench-cleanup");
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warnf("while stopping %s: %s", part, e.getMessage());
        }
    }
}
