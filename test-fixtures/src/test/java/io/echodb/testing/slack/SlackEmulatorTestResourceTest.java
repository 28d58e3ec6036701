package io.echodb.testing.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.testing.ReflectiveTestInjector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackEmulatorTestResourceTest {

    static class AlertTest {
        @InjectSlackEmulator
        SlackEmulator slack;

        SlackEmulator notAnnotated;
    }

    @Test
    void startsAnEmulatorReturnsItsUrlsAndInjectsItIntoAnnotatedFields() {
        SlackEmulatorTestResource resource = new SlackEmulatorTestResource();
        try {
            Map<String, String> config = resource.start();
            AlertTest test = new AlertTest();

            resource.inject(new ReflectiveTestInjector(test));

            assertThat(test.slack).isNotNull();
            assertThat(test.notAnnotated).isNull();
            assertThat(config)
                    .containsEntry("echodb.alert.slack.webhook-url", test.slack.webhookUrl())
                    .containsEntry("echodb.test.slack.url", test.slack.baseUrl());
            assertThat(config.get("echodb.alert.slack.webhook-url"))
                    .matches("http://127\\.0\\.0\\.1:\\d+/services/T0+/B0+/X+");
        } finally {
            resource.stop();
        }
    }
}
