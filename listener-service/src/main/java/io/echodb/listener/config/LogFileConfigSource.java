package io.echodb.listener.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The replaced worker's {@code LOG_FILE} (environment variable): when set and not blank, switches file logging on
 * at that path ({@code quarkus.log.file.enabled}, {@code quarkus.log.file.path}). Ordinal {@value #ORDINAL}, so
 * {@code QUARKUS_LOG_FILE_*} still win. See docs/architecture.md §"LOG_FILE".
 */
public class LogFileConfigSource implements ConfigSource {

    /** Name of the environment variable. */
    public static final String LOG_FILE = "LOG_FILE";

    static final int ORDINAL = 245;

    private final Map<String, String> properties;

    public LogFileConfigSource() {
        this(System.getenv());
    }

    /** @param environment the process environment (a map in tests) */
    LogFileConfigSource(Map<String, String> environment) {
        String path = environment.get(LOG_FILE);
        this.properties = path == null || path.isBlank()
                ? Map.of()
                : Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", path.strip());
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "EchoDB LOG_FILE";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
