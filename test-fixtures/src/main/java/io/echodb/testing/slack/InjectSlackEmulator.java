package io.echodb.testing.slack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link SlackEmulator} field of a test class that {@link SlackEmulatorTestResource} fills with the
 * running emulator:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(SlackEmulatorTestResource.class)
 * class AlertSenderTest {
 *     @InjectSlackEmulator
 *     SlackEmulator slack;
 *
 *     @BeforeEach
 *     void forgetEarlierMessages() {
 *         slack.reset();
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectSlackEmulator {}
