package io.echodb.mirror.client;

import io.vertx.core.VertxException;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * Decides which failures of a PeerDB call are retried ({@code @RetryWhen}): connection errors and timeouts, a full
 * bulkhead, and {@link PeerDbException#isRetryable() retryable answers} (5xx other than wrapped validation errors
 * and 501, 429, 2xx answers without the expected body). Refusals, other 4xx and programming errors are not retried.
 */
public class RetryablePeerDbFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof PeerDbException answer) {
            return answer.isRetryable();
        }
        if (failure instanceof BulkheadException) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProcessingException
                    || cause instanceof IOException
                    || cause instanceof TimeoutException
                    || cause instanceof VertxException) {
                return true;
            }
        }
        return false;
    }
}
