package io.echodb.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void bytesReadInBinaryUnitsWithOneDecimal() {
        assertThat(ByteSizes.humanReadable(0)).isEqualTo("0 B");
        assertThat(ByteSizes.humanReadable(1023)).isEqualTo("1023 B");
        assertThat(ByteSizes.humanReadable(1024 * 1024)).isEqualTo("1.0 MiB");
        assertThat(ByteSizes.humanReadable(5000L * 1024 * 1024)).isEqualTo("4.9 GiB");
        assertThat(ByteSizes.humanReadable(6_550_000_000L)).isEqualTo("6.1 GiB");
        assertThat(ByteSizes.humanReadable(3L * 1024 * 1024 * 1024 * 1024)).isEqualTo("3.0 TiB");
    }
}
