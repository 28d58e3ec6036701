package io.echodb.listener.client;

/** mirror-service refused a table event with a 4xx answer; sending it again would not help, so it is not retried. */
public class MirrorServiceRejectedException extends RuntimeException {

    private final int status;

    public MirrorServiceRejectedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status of the answer, 400–499. */
    public int status() {
        return status;
    }
}
