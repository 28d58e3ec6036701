package io.echodb.mirror.health;

import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.config.MirrorConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: PeerDB's flow API answers {@code GET /v1/version} within
 * {@code echodb.mirror.peerdb.readiness-timeout} (one attempt, no retry). Data: {@code url} (without
 * credentials) and {@code version} when up, {@code error} when down. Never fails itself.
 */
@Readiness
@ApplicationScoped
public class PeerDbHealthCheck implements AsyncHealthCheck {

    static final String NAME = "peerdb";

    private final PeerDbClient peerDb;
    private final MirrorConfig config;
    private final String url;

    PeerDbHealthCheck(
            PeerDbClient peerDb,
            MirrorConfig config,
            @ConfigProperty(name = "quarkus.rest-client.peerdb.url") String url) {
        this.peerDb = peerDb;
        this.config = config;
        this.url = withoutCredentials(url);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return peerDb.version()
                .ifNoItem()
                .after(config.peerdb().readinessTimeout())
                .fail()
                .map(version -> HealthCheckResponse.named(NAME)
                        .up()
                        .withData("url", url)
                        .withData("version", version == null ? "" : version)
                        .build())
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData("url", url)
                        .withData("error", describe(failure))
                        .build());
    }

    private String describe(Throwable failure) {
        if (failure instanceof io.smallrye.mutiny.TimeoutException) {
            return "no answer from GET /v1/version within " + config.peerdb().readinessTimeout();
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** {@code url} without user info, query and fragment; "(invalid URL)" when it does not parse. */
    static String withoutCredentials(String url) {
        try {
            URI uri = new URI(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "(invalid URL)";
        }
    }
}
