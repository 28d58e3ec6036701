package io.echodb.common.api;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks the header {@value #HEADER} of {@link ApiKeyRequired} endpoints against {@code echodb.api-key} (env
 * {@code ECHODB_API_KEY}, shared by the EchoDB services) in constant time; a missing or wrong key gets 401 with a
 * {@link Problem} body. When the setting is empty those endpoints are open, and a service that has any says so at
 * startup. The key is never logged or echoed.
 */
@Provider
@ApiKeyRequired
public class ApiKeyFilter implements ContainerRequestFilter {

    /** Request header carrying the API key. */
    public static final String HEADER = "X-EchoDB-Api-Key";

    private final Optional<byte[]> expectedDigest;

    ApiKeyFilter(@ConfigProperty(name = "echodb.api-key") Optional<String> apiKey) {
        this.expectedDigest = apiKey.filter(key -> !key.isBlank()).map(ApiKeyFilter::sha256);
    }

    void warnWhenOpen(@Observes StartupEvent event, BeanManager beans) {
        if (expectedDigest.isEmpty()) {
            List<String> open = protectedEndpoints(beans);
            if (!open.isEmpty()) {
                Log.warnf(
                        "echodb.api-key (env ECHODB_API_KEY) is empty: the mutating endpoints of %s accept"
                                + " requests without an API key",
                        String.join(", ", open));
            }
        }
    }

    /** Simple names of the resource classes with an {@link ApiKeyRequired} endpoint, sorted. */
    private static List<String> protectedEndpoints(BeanManager beans) {
        return beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass)
                .filter(type -> type != ApiKeyFilter.class)
                .filter(type -> type.isAnnotationPresent(ApiKeyRequired.class)
                        || Arrays.stream(type.getDeclaredMethods())
                                .anyMatch(method -> method.isAnnotationPresent(ApiKeyRequired.class)))
                .map(Class::getSimpleName)
                .distinct()
                .sorted()
                .toList();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (expectedDigest.isEmpty()) {
            return;
        }
        String supplied = request.getHeaderString(HEADER);
        // Comparing digests keeps the time independent of where the values differ and of their lengths.
        if (supplied == null || !MessageDigest.isEqual(sha256(supplied), expectedDigest.get())) {
            Log.debugf(
                    "Rejected %s %s: missing or wrong %s",
                    request.getMethod(), request.getUriInfo().getPath(), HEADER);
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem("Unauthorized", 401, "missing or wrong " + HEADER + " header", List.of()))
                    .build());
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
