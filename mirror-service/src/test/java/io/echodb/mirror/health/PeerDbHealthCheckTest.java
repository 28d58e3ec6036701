package io.echodb.mirror.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerDbHealthCheckTest {

    @Test
    void urlIsReportedWithoutCredentialsOrQuery() {
        assertThat(PeerDbHealthCheck.withoutCredentials("http://admin:s3cret@peerdb.internal:8113/base?token=x"))
                .isEqualTo("http://peerdb.internal:8113/base");
        assertThat(PeerDbHealthCheck.withoutCredentials("http://127.0.0.1:8113"))
                .isEqualTo("http://127.0.0.1:8113");
        assertThat(PeerDbHealthCheck.withoutCredentials("http://a b")).isEqualTo("(invalid URL)");
    }
}
