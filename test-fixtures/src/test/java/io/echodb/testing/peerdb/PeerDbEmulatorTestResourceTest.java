package io.echodb.testing.peerdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.testing.ReflectiveTestInjector;
import io.echodb.testing.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerDbEmulatorTestResourceTest {

    static class MirrorTest {
        @InjectPeerDbEmulator
        PeerDbEmulator peerdb;
    }

    @Test
    void startsAnEmulatorOnAFreshSourceDatabaseAndInjectsIt() {
        PeerDbEmulatorTestResource resource = new PeerDbEmulatorTestResource();
        try {
            Map<String, String> config = resource.start();
            MirrorTest test = new MirrorTest();

            resource.inject(new ReflectiveTestInjector(test));

            assertThat(test.peerdb).isNotNull();
            assertThat(config).containsEntry("quarkus.rest-client.peerdb.url", test.peerdb.baseUrl());
            assertThat(config.get("echodb.test.source-database")).startsWith("echodb_source_");
            assertThat(test.peerdb.peers())
                    .extracting(PeerDbEmulator.Peer::name)
                    .containsExactly("postgres_main", "clickhouse_analytics");
            assertThat(test.peerdb.peers().get(0).jdbcUrl()).endsWith("/" + config.get("echodb.test.source-database"));
            assertThat(TestHttp.get(test.peerdb.baseUrl() + "/v1/version").statusCode())
                    .isEqualTo(200);
        } finally {
            resource.stop();
        }
    }
}
