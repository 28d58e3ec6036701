package io.echodb.listener.service;

/**
 * The database user may not install the event trigger although {@code echodb.listener.install-trigger} is
 * true. Stops the service at startup; the message says which setting to change.
 */
public class EventTriggerPrivilegeException extends RuntimeException {

    public EventTriggerPrivilegeException(String message, Throwable cause) {
        super(message, cause);
    }
}
