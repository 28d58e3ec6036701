package io.echodb.listener.messaging;

/** Names of the in-memory SmallRye Reactive Messaging channels. */
public final class Channels {

    /** {@link io.echodb.listener.domain.TableEvent}s published by the listener, consumed by the forwarder. */
    public static final String TABLE_EVENTS = "table-events";

    private Channels() {}
}
