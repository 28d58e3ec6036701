package io.echodb.mirror.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.VertxException;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Decides which failures of a PeerDB call are retried ({@code @RetryWhen}): connection errors and
 * timeouts, and {@link PeerDbException#isRetryable() retryable answers} (5xx other than wrapped validation
 * errors and 501, 429). Refusals, other 4xx and unreadable bodies are not retried.
 */
public class RetryablePeerDbFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof PeerDbException answer) {
            return answer.isRetryable();
        }
        boolean transport = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return false;
            }
            transport |= cause instanceof ProcessingException || cause instanceof IOException
                    || cause instanceof TimeoutException || cause instanceof VertxException;
        }
        return transport;
    }
}
