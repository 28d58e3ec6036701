package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The Kustomize base {@code deploy/k8s}, parsed into typed Kubernetes objects (see {@link KubernetesBase}). */
class KubernetesManifestsTest {

    /** Images built from Dockerfile.jvm run as this UID (ubi9/openjdk-21-runtime). */
    private static final long JVM_IMAGE_UID = 185;

    private static final List<String> SINGLE_REPLICA_SERVICES = List.of("mirror-service", "alert-service");

    private final KubernetesBase base = KubernetesBase.load();

    @Test
    void everyListedFileParsesIntoKnownKindsWithoutUnknownFields() {
        assertThat(base.all())
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder(
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget",
                        "ServiceMonitor",
                        "PrometheusRule");
        assertThat(base.deployments())
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
        assertThat(base.services())
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
        assertSoftly(soft -> base.all()
                .forEach(resource -> soft.assertThat(UnknownFields.in(resource))
                        .as("fields the Kubernetes API does not know in %s %s", resource.getKind(), name(resource))
                        .isEmpty()));
    }

    @Test
    void theExampleSecretStaysOutOfTheBase() {
        assertThat(base.all()).noneMatch(resource -> resource.getKind().equals("Secret"));
        assertThat(base.resourceFiles()).noneMatch(file -> file.contains("example"));
        assertThat(KubernetesBase.exampleSecret().getMetadata().getAnnotations())
                .containsEntry("echodb.io/example", "fake values: replace before use");
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void probesCallTheServicesRealHealthEndpointsOnADeclaredPort(String name) {
        ServiceSettings settings = ServiceSettings.of(name);
        Container container = container(base.deployment(name));

        assertThat(settings.declaresExtension("quarkus-smallrye-health"))
                .as("%s serves /q/health", name)
                .isTrue();
        assertProbe(container, "startupProbe", container.getStartupProbe(), settings.healthPath("started"));
        assertProbe(container, "livenessProbe", container.getLivenessProbe(), settings.healthPath("live"));
        assertProbe(container, "readinessProbe", container.getReadinessProbe(), settings.healthPath("ready"));
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void theContainerPortIsTheOneTheServiceListensOn(String name) {
        assertThat(container(base.deployment(name)).getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(tuple("http", ServiceSettings.of(name).httpPort()));
    }

    @Test
    void eachServiceSelectsOneDeploymentAndTargetsANamedPortOfIt() {
        for (Service service : base.services()) {
            List<Deployment> selected = base.deployments().stream()
                    .filter(d -> selects(service.getSpec().getSelector(), podLabels(d)))
                    .toList();
            assertThat(selected)
                    .as("Deployments selected by Service %s", name(service))
                    .hasSize(1);
            Set<String> portNames = container(selected.getFirst()).getPorts().stream()
                    .map(ContainerPort::getName)
                    .collect(Collectors.toSet());
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(port.getTargetPort().getStrVal())
                        .as("Service %s port %s targets a named container port", name(service), port.getName())
                        .isNotNull()
                        .isIn(portNames);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void podsRunAsNonRootWithAReadOnlyRootFilesystemAndNoPrivileges(String name) {
        PodSpec pod = base.deployment(name).getSpec().getTemplate().getSpec();
        Container container = container(base.deployment(name));

        assertThat(pod.getSecurityContext().getRunAsNonRoot())
                .as("runAsNonRoot")
                .isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("runAsUser").isEqualTo(JVM_IMAGE_UID);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .as("seccompProfile")
                .isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken())
                .as("automountServiceAccountToken")
                .isFalse();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                .as("allowPrivilegeEscalation")
                .isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                .as("readOnlyRootFilesystem")
                .isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
                .as("dropped capabilities")
                .containsExactly("ALL");
        assertThat(container.getSecurityContext().getPrivileged())
                .as("privileged")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes())
                    .filteredOn(v -> v.getName().equals(mount.getName()))
                    .extracting(Volume::getEmptyDir)
                    .doesNotContainNull()
                    .hasSize(1);
        });
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void containersRequestAndLimitCpuAndMemory(String name) {
        var resources = container(base.deployment(name)).getResources();

        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKey("memory");
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                .isGreaterThanOrEqualTo(
                        Quantity.getAmountInBytes(resources.getRequests().get("memory")));
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void imagesCarryTheProjectVersion(String name) {
        assertThat(container(base.deployment(name)).getImage())
                .isEqualTo("echodb/" + name + ":" + Repository.version());
    }

    @Test
    void configurationReferencesExistingConfigMapKeysAndExampleSecretKeys() {
        Map<String, String> secretKeys = KubernetesBase.exampleSecret().getStringData();
        for (Deployment deployment : base.deployments()) {
            for (EnvVar env : container(deployment).getEnv()) {
                assertThat(env.getValue())
                        .as("%s sets %s inline: use the ConfigMap or the Secret", name(deployment), env.getName())
                        .isNull();
                ConfigMapKeySelector configRef = env.getValueFrom().getConfigMapKeyRef();
                SecretKeySelector secretRef = env.getValueFrom().getSecretKeyRef();
                if (configRef != null) {
                    assertThat(base.configValue(configRef.getName(), configRef.getKey()))
                            .isNotNull();
                } else {
                    assertThat(secretRef)
                            .as("%s %s comes from a ConfigMap or a Secret", name(deployment), env.getName())
                            .isNotNull();
                    assertThat(secretRef.getName())
                            .isEqualTo(
                                    KubernetesBase.exampleSecret().getMetadata().getName());
                    assertThat(secretKeys)
                            .as("keys of %s", KubernetesBase.EXAMPLE_SECRET.getFileName())
                            .containsKey(secretRef.getKey());
                }
            }
        }
    }

    @Test
    void credentialsComeOnlyFromTheSecret() {
        Set<String> secretEnv =
                Set.of("POSTGRES_USER", "POSTGRES_PASSWORD", "ECHODB_API_KEY", "ECHODB_ALERT_SLACK_WEBHOOK_URL");
        base.deployments().stream()
                .flatMap(d -> container(d).getEnv().stream())
                .filter(env -> secretEnv.contains(env.getName()))
                .forEach(env -> assertThat(env.getValueFrom().getSecretKeyRef())
                        .as(env.getName())
                        .isNotNull());
        assertThat(base.configMaps()).flatExtracting(c -> c.getData().keySet()).doesNotContainAnyElementsOf(secretEnv);
    }

    @Test
    void listenerServiceSendsTableEventsToTheMirrorServiceService() {
        URI url = URI.create(base.configValue("echodb-config", "QUARKUS_REST_CLIENT_MIRROR_SERVICE_URL"));
        Service mirror = base.service(url.getHost());

        assertThat(mirror.getSpec().getPorts()).extracting(ServicePort::getPort).contains(url.getPort());
    }

    @ParameterizedTest
    @FieldSource("SINGLE_REPLICA_SERVICES")
    void singleReplicaServicesAreReplacedNotRolledAndNotEvicted(String name) {
        Deployment deployment = base.deployment(name);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        List<PodDisruptionBudget> budgets = base.disruptionBudgets().stream()
                .filter(pdb -> selects(pdb.getSpec().getSelector().getMatchLabels(), podLabels(deployment)))
                .toList();
        assertThat(budgets)
                .as("PodDisruptionBudgets of %s", name)
                .singleElement()
                .satisfies(pdb -> assertThat(Optional.ofNullable(pdb.getSpec().getMaxUnavailable())
                                                .map(IntOrString::getIntVal)
                                                .orElse(-1)
                                        == 0
                                || Optional.ofNullable(pdb.getSpec().getMinAvailable())
                                                .map(IntOrString::getIntVal)
                                                .orElse(0)
                                        >= 1)
                        .as("maxUnavailable 0 or minAvailable 1")
                        .isTrue());
    }

    @Test
    void theListenerRunsOneReplicaPerSourceDatabase() {
        assertThat(base.deployment("listener-service").getSpec().getReplicas()).isEqualTo(1);
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void prometheusScrapeAnnotationsPointAtTheMetricsEndpoint(String name) {
        ServiceSettings settings = ServiceSettings.of(name);
        Map<String, String> annotations =
                base.deployment(name).getSpec().getTemplate().getMetadata().getAnnotations();

        assertThat(settings.declaresExtension("quarkus-micrometer-registry-prometheus"))
                .isTrue();
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", settings.metricsPath())
                .containsEntry("prometheus.io/port", String.valueOf(settings.httpPort()));
    }

    @Test
    void theServiceMonitorScrapesEveryServiceOnANamedPort() {
        GenericKubernetesResource monitor = single(base.custom("ServiceMonitor"));
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, String> matchLabels = monitor.get("spec", "selector", "matchLabels");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");

        String jobLabel = monitor.get("spec", "jobLabel");

        assertThat(endpoints).isNotEmpty();
        for (Service service : base.services()) {
            assertThat(selects(matchLabels, service.getMetadata().getLabels()))
                    .as("ServiceMonitor selects Service %s", name(service))
                    .isTrue();
            // The alert rules and the dashboard select job="listener-service" etc., whatever an overlay names
            // the Services (one listener Deployment per source database).
            assertThat(service.getMetadata().getLabels())
                    .as("label %s (the ServiceMonitor's jobLabel) of Service %s", jobLabel, name(service))
                    .containsEntry(jobLabel, name(service));
            Set<String> portNames = service.getSpec().getPorts().stream()
                    .map(ServicePort::getName)
                    .collect(Collectors.toSet());
            for (Map<String, Object> endpoint : endpoints) {
                assertThat(portNames).contains((String) endpoint.get("port"));
                assertThat(endpoint.get("path"))
                        .isEqualTo(ServiceSettings.of(name(service)).metricsPath());
            }
        }
    }

    @Test
    void thePrometheusRuleHasNamedAlertsWithExpressionsAndSeverities() {
        GenericKubernetesResource rule = single(base.custom("PrometheusRule"));
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");

        List<Map<String, Object>> rules = PrometheusRules.of(rule);
        assertThat(rules).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("alert")).as("alert name").isInstanceOf(String.class);
            assertThat(r.get("expr")).as("expression of %s", r.get("alert")).isInstanceOf(String.class);
            assertThat(((Map<?, ?>) r.get("labels")).get("severity"))
                    .as("severity of %s", r.get("alert"))
                    .isIn("warning", "critical");
        });
        assertThat(rules)
                .extracting(r -> (String) r.get("expr"))
                .anySatisfy(expr -> assertThat(expr).contains("up{").contains("== 0"));
    }

    private static void assertProbe(Container container, String kind, Probe probe, String expectedPath) {
        assertThat(probe).as("%s of %s", kind, container.getName()).isNotNull();
        assertThat(probe.getHttpGet().getPath())
                .as("%s path of %s", kind, container.getName())
                .isEqualTo(expectedPath);
        IntOrString port = probe.getHttpGet().getPort();
        assertThat(container.getPorts())
                .as("%s port %s of %s is a container port", kind, port, container.getName())
                .anyMatch(declared -> port.getStrVal() != null
                        ? port.getStrVal().equals(declared.getName())
                        : port.getIntVal().equals(declared.getContainerPort()));
    }

    private static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", name(deployment)).hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.getFirst();
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }
}
