package io.echodb.alert.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;
import java.time.Duration;
import java.util.Map;

/**
 * {@link AlertConfig} built by SmallRye Config the way Quarkus builds it (Bean Validation on), without starting
 * Quarkus; an invalid value fails with a {@code ConfigValidationException} naming its setting.
 */
public final class AlertConfigs {

    private AlertConfigs() {}

    /** The mapping with its defaults and {@code properties} (keys such as {@code echodb.alert.poll-interval}). */
    public static AlertConfig alertConfig(Map<String, String> properties) {
        return alertConfig(properties, Map.of());
    }

    /** The mapping with its defaults, {@code properties} and environment variables {@code env}. */
    public static AlertConfig alertConfig(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AlertConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withValidator(new BeanValidationConfigValidatorImpl())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(AlertConfig.class);
    }
}
