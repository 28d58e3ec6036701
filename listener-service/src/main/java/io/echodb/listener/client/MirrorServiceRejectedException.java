package io.echodb.listener.client;

/** mirror-service refused a table event with a 4xx answer; sending it again would not help, so it is not retried. */
public class MirrorServiceRejectedException extends RuntimeException {

    public MirrorServiceRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
