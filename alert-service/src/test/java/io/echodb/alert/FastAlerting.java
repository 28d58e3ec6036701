package io.echodb.alert;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Test profile: polls every second, short lifecycle timers (retained-WAL alerts fire after 2 s over 1 MiB, repeat
 * every 5 s), Slack's pacing of one message per second per channel (the Slack emulator enforces it), PeerDB not polled, API key {@value #API_KEY}. Subclasses add overrides.
 */
public class FastAlerting implements QuarkusTestProfile {

    /** The API key of the profile. */
    public static final String API_KEY = "test-api-key-not-a-secret";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(Map.of(
                "echodb.alert.poll-interval", "1s",
                "echodb.alert.repeat-interval", "4s",
                "echodb.alert.rules.slot-retained-wal.warning", "1M",
                "echodb.alert.rules.slot-retained-wal.critical", "1G",
                "echodb.alert.rules.slot-retained-wal.for", "2s",
                "echodb.alert.rules.slot-inactive.enabled", "false",
                "echodb.alert.peerdb.enabled", "false",
                "echodb.alert.slack.min-interval", "1s",
                "echodb.api-key", API_KEY));
        config.putAll(overrides());
        return config;
    }

    /** Extra settings of a subclass. */
    protected Map<String, String> overrides() {
        return Map.of();
    }
}
