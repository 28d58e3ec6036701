package io.echodb.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The Kustomize base {@code deploy/k8s}, read as typed fabric8 model objects without kubectl or a cluster.
 *
 * <p>The base's {@code kustomization.yaml} lists {@code resources} and nothing else, so reading the listed files
 * as they are gives exactly what {@code kubectl kustomize deploy/k8s} renders. {@link Kustomization} binds the
 * file strictly: a patch, generator or transformer added there fails the load with the field's name instead of
 * being silently ignored by these checks.
 */
final class KubernetesBase {

    static final Path DIRECTORY = Repository.path("deploy", "k8s");
    static final Path EXAMPLE_SECRET = DIRECTORY.resolve("examples/echodb-secrets.example.yaml");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<String> resourceFiles;
    private final List<HasMetadata> resources;

    /** {@code kustomization.yaml}; only the fields of a plain resource list are accepted. */
    record Kustomization(String apiVersion, String kind, List<String> resources) {}

    private KubernetesBase(List<String> resourceFiles, List<HasMetadata> resources) {
        this.resourceFiles = resourceFiles;
        this.resources = resources;
    }

    /** Loads {@code deploy/k8s/kustomization.yaml} and every file it lists. */
    static KubernetesBase load() {
        Kustomization kustomization = readKustomization(DIRECTORY.resolve("kustomization.yaml"));
        List<HasMetadata> resources = new ArrayList<>();
        for (String file : kustomization.resources()) {
            resources.addAll(parse(DIRECTORY.resolve(file)));
        }
        return new KubernetesBase(List.copyOf(kustomization.resources()), List.copyOf(resources));
    }

    /** Parses one YAML file (one or several documents) into typed objects. */
    static List<HasMetadata> parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = SERIALIZATION.unmarshal(in);
            if (parsed instanceof List<?> documents) {
                return documents.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The example Secret (kept out of the base): the keys the Deployments may reference. */
    static Secret exampleSecret() {
        return (Secret) parse(EXAMPLE_SECRET).getFirst();
    }

    private static Kustomization readKustomization(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Kustomization.class);
        } catch (IOException e) {
            throw new IllegalStateException(
                    file + " must only list `resources` (these checks read the listed files "
                            + "as they are; a patch or generator would not be applied): " + e.getMessage(),
                    e);
        }
    }

    List<String> resourceFiles() {
        return resourceFiles;
    }

    List<HasMetadata> all() {
        return resources;
    }

    List<Deployment> deployments() {
        return ofType(Deployment.class);
    }

    List<Service> services() {
        return ofType(Service.class);
    }

    List<PodDisruptionBudget> disruptionBudgets() {
        return ofType(PodDisruptionBudget.class);
    }

    List<ConfigMap> configMaps() {
        return ofType(ConfigMap.class);
    }

    /** Custom resources (no typed model on the classpath), e.g. ServiceMonitor and PrometheusRule. */
    List<GenericKubernetesResource> custom(String kind) {
        return ofType(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals(kind))
                .toList();
    }

    Deployment deployment(String name) {
        return named(deployments(), name);
    }

    Service service(String name) {
        return named(services(), name);
    }

    /** The value of {@code key} in ConfigMap {@code name}, or an exception naming what is missing. */
    String configValue(String name, String key) {
        Map<String, String> data = named(configMaps(), name).getData();
        if (data == null || !data.containsKey(key)) {
            throw new NoSuchElementException("ConfigMap " + name + " has no key " + key);
        }
        return data.get(key);
    }

    private <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T named(List<T> candidates, String name) {
        return candidates.stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no resource named " + name + " in deploy/k8s"));
    }
}
