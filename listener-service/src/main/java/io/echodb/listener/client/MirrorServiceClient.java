package io.echodb.listener.client;

import io.echodb.listener.domain.Inventory;
import io.echodb.listener.domain.TableEvent;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Sends table events ({@code POST /api/v1/table-events}) and inventories
 * ({@code PUT /api/v1/sources/{source}/inventory}) to mirror-service, with the API key ({@code echodb.api-key}) when
 * one is set. Both retry 5xx answers, timeouts and connection failures (how often: {@code application.properties};
 * delays: {@link ForwardBackoffStrategy}); 4xx answers fail at once with {@link MirrorServiceRejectedException}.
 */
@ApplicationScoped
public class MirrorServiceClient {

    private final MirrorServiceRestClient restClient;
    private final String apiKey;

    public MirrorServiceClient(
            @RestClient MirrorServiceRestClient restClient,
            @ConfigProperty(name = "echodb.api-key") Optional<String> apiKey) {
        this.restClient = restClient;
        this.apiKey = apiKey.filter(key -> !key.isBlank()).orElse(null);
    }

    /**
     * Delivers one event.
     *
     * @return completes when mirror-service accepted it; fails with {@link MirrorServiceRejectedException}
     *     on a 4xx answer, or with the last failure once retries are exhausted
     */
    @Retry(abortOn = MirrorServiceRejectedException.class)
    @CustomBackoff(ForwardBackoffStrategy.class)
    public Uni<Void> forward(TableEvent event) {
        return restClient
                .postTableEvent(apiKey, event)
                .onFailure(MirrorServiceClient::isClientError)
                .transform(failure -> refused("table event", failure));
    }

    /**
     * Delivers one inventory of source {@code inventory.source()}.
     *
     * @return completes when mirror-service accepted it; fails with {@link MirrorServiceRejectedException}
     *     on a 4xx answer, or with the last failure once retries are exhausted
     */
    @Retry(abortOn = MirrorServiceRejectedException.class)
    @CustomBackoff(ForwardBackoffStrategy.class)
    public Uni<Void> putInventory(Inventory inventory) {
        return restClient
                .putInventory(apiKey, inventory.source(), inventory)
                .onFailure(MirrorServiceClient::isClientError)
                .transform(failure -> refused("inventory", failure));
    }

    private static MirrorServiceRejectedException refused(String what, Throwable failure) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        return new MirrorServiceRejectedException(
                "mirror-service refused the " + what + " with HTTP " + status, failure);
    }

    private static boolean isClientError(Throwable failure) {
        return failure instanceof WebApplicationException web
                && web.getResponse() != null
                && web.getResponse().getStatus() >= 400
                && web.getResponse().getStatus() < 500;
    }
}
