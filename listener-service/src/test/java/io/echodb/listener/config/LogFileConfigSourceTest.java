package io.echodb.listener.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFileConfigSourceTest {

    @Test
    void logFileSwitchesOnFileLoggingAtThatPath() {
        LogFileConfigSource source = new LogFileConfigSource(Map.of("LOG_FILE", " /var/log/echodb/listener.log "));

        assertThat(source.getValue("quarkus.log.file.enabled")).isEqualTo("true");
        assertThat(source.getValue("quarkus.log.file.path")).isEqualTo("/var/log/echodb/listener.log");
        assertThat(source.getOrdinal()).isLessThan(250);
    }

    @Test
    void withoutLogFileNothingIsSaid() {
        assertThat(new LogFileConfigSource(Map.of()).getPropertyNames()).isEmpty();
        assertThat(new LogFileConfigSource(Map.of("LOG_FILE", "  ")).getValue("quarkus.log.file.enabled"))
                .isNull();
    }
}
