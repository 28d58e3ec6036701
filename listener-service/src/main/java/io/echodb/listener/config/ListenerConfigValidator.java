package io.echodb.listener.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of {@link ListenerConfig} that span several settings (single values are checked by Bean Validation
 * on the mapping). Runs before every other startup observer; a violation stops the service with a message
 * naming the settings.
 */
@ApplicationScoped
public class ListenerConfigValidator {

    private final ListenerConfig config;

    public ListenerConfigValidator(ListenerConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid listener-service configuration: " + String.join("; ", problems));
        }
    }

    /**
     * What is wrong with {@code config}, one sentence per problem naming the settings and their environment
     * variables; empty when nothing is.
     */
    public static List<String> problems(ListenerConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.installTrigger() && !ListenerConfig.DEFAULT_CHANNEL.equals(config.channel())) {
            problems.add("echodb.listener.channel=" + config.channel()
                    + " cannot be combined with echodb.listener.install-trigger=true"
                    + " (env ECHODB_LISTENER_INSTALL_TRIGGER):"
                    + " the bundled trigger script notifies on channel " + ListenerConfig.DEFAULT_CHANNEL
                    + ". Install an edited script by hand and set echodb.listener.install-trigger=false.");
        }
        config.legacyChannel()
                .filter(legacy -> legacy.equals(config.channel()))
                .ifPresent(legacy -> problems.add("echodb.listener.legacy-channel (env ECHODB_LISTENER_LEGACY_CHANNEL) "
                        + "must differ from echodb.listener.channel (both are " + legacy + "): the two payload formats "
                        + "cannot share a channel. Leave legacy-channel empty to disable it."));
        return problems;
    }
}
