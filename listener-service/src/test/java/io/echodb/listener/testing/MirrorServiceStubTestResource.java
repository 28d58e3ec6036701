package io.echodb.listener.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a {@link MirrorServiceStub} for a {@code @QuarkusTest} and points the mirror-service REST client at it
 * ({@code quarkus.rest-client.mirror-service.url}). The stub is injected into test fields annotated
 * {@link InjectMirrorServiceStub}.
 */
public class MirrorServiceStubTestResource implements QuarkusTestResourceLifecycleManager {

    private MirrorServiceStub stub;

    @Override
    public Map<String, String> start() {
        stub = new MirrorServiceStub().start();
        return Map.of("quarkus.rest-client.mirror-service.url", stub.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                stub, new TestInjector.AnnotatedAndMatchesType(InjectMirrorServiceStub.class, MirrorServiceStub.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
