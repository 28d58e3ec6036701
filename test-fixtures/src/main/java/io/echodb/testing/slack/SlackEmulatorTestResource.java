package io.echodb.testing.slack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Attaches a fresh {@link SlackEmulator} (dynamic port on 127.0.0.1) to a {@code @QuarkusTest}.
 *
 * <p>Returns {@value #WEBHOOK_URL_PROPERTY} = {@link SlackEmulator#webhookUrl()} and {@value #URL_PROPERTY} =
 * {@link SlackEmulator#baseUrl()} (point a bot-token client at {@code <url>/api/}). Injects the running
 * emulator into test fields annotated with {@link InjectSlackEmulator}. The emulator lives as long as the
 * test resource; call {@link SlackEmulator#reset()} before each test to keep tests independent.
 */
public class SlackEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

    /** alert-service's incoming-webhook URL setting. */
    public static final String WEBHOOK_URL_PROPERTY = "echodb.alert.slack.webhook-url";

    /** Base URL of the emulator, for tests and bot-token clients. */
    public static final String URL_PROPERTY = "echodb.test.slack.url";

    private SlackEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = new SlackEmulator().start();
        return Map.of(WEBHOOK_URL_PROPERTY, emulator.webhookUrl(), URL_PROPERTY, emulator.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                emulator, new TestInjector.AnnotatedAndMatchesType(InjectSlackEmulator.class, SlackEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
    }
}
