package io.echodb.mirror.service;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** Short, operator-readable descriptions of failures, for {@code lastError} fields and logs. */
final class Failures {

    private Failures() {}

    /** What went wrong, without stack traces; never contains request bodies or secrets. */
    static String describe(Throwable failure) {
        if (failure instanceof DeadLetteredException dead) {
            return describe(dead.getCause());
        }
        if (failure instanceof TimeoutException) {
            return "PeerDB did not finish in time (timeout of the whole operation, retries included)";
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "not calling PeerDB for now: too many recent failures (circuit breaker open)";
        }
        if (failure instanceof BulkheadException) {
            return "too many PeerDB requests waiting (bulkhead full)";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
