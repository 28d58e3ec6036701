package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The JVM heap of every service fits its memory limit: the JVM images' run-java.sh makes the heap
 * {@code JAVA_MAX_MEM_RATIO} % of the container's limit (80 % when unset, the ubi9 base image's default), or an
 * {@code -Xmx} in {@code JAVA_OPTS_APPEND}. Checked for {@code Dockerfile.jvm}, the Deployments of deploy/k8s and
 * the compose file: heap + {@value #NON_HEAP_MIB} MiB for everything outside it (metaspace, code cache, thread
 * stacks, buffers) within the limit, and at least the {@value #BENCHMARKED_HEAP_MIB} MiB the benchmarks ran with.
 */
class HeapSettingsTest {

    /** Memory outside the heap allowed for: metaspace, code cache, thread stacks, direct buffers, GC. */
    static final long NON_HEAP_MIB = 192;

    /** {@code -Xmx256m}, the heap of the measurements the limits come from (docs/benchmarks.md). */
    static final long BENCHMARKED_HEAP_MIB = 256;

    /** run-java.sh's default when {@code JAVA_MAX_MEM_RATIO} is unset (ubi9 java-default-options). */
    static final int BASE_IMAGE_RATIO = 80;

    private static final long MIB = 1024 * 1024;

    private static final Pattern ENV_RATIO = Pattern.compile("(?m)^ENV\\s+JAVA_MAX_MEM_RATIO=\"?(\\d+)\"?\\s*$");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");
    private static final Pattern MEM_LIMIT = Pattern.compile("(\\d+)([bkmg]?)");

    private final KubernetesBase base = KubernetesBase.load();

    /** The heap settings of one container: ratio of the limit, or an explicit {@code -Xmx}. */
    record Heap(int ratio, OptionalLong xmxBytes) {

        long bytes(long limitBytes) {
            return xmxBytes.orElse(limitBytes * ratio / 100);
        }

        /** These settings overridden by a later layer's (null: not set there, this one's stays). */
        Heap with(String ratioSetting, String javaOptsAppend) {
            int newRatio = ratioSetting == null ? ratio : Integer.parseInt(ratioSetting.strip());
            OptionalLong newXmx = javaOptsAppend == null ? xmxBytes : xmx(javaOptsAppend);
            return new Heap(newRatio, newXmx);
        }
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void theJvmImageSetsItsHeapRatioInsteadOfTheBaseImagesEightyPercent(String service) {
        String dockerfile = Repository.read(Dockerfiles.path(service, "jvm"));

        assertThat(imageHeap(service).ratio())
                .as("ENV JAVA_MAX_MEM_RATIO of %s's Dockerfile.jvm", service)
                .isEqualTo(50);
        assertThat(dockerfile)
                .as("%s's Dockerfile.jvm must not describe the base image's default as 50 %%", service)
                .doesNotContain("The default is `50`");
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void theDeploymentSetsTheHeapAndHeapPlusNonHeapFitTheLimit(String service) {
        Container container = container(base.deployment(service));
        Quantity limit = container.getResources().getLimits().get("memory");
        assertThat(limit).as("memory limit of %s", service).isNotNull();
        long limitBytes = Quantity.getAmountInBytes(limit).longValueExact();

        Optional<String> ratio = env(container, "JAVA_MAX_MEM_RATIO");
        Optional<String> append = env(container, "JAVA_OPTS_APPEND");
        assertThat(ratio.isPresent()
                        || append.filter(opts -> XMX.matcher(opts).find()).isPresent())
                .as("%s's Deployment sets the heap (JAVA_MAX_MEM_RATIO, or -Xmx in JAVA_OPTS_APPEND)", service)
                .isTrue();
        assertThat(env(container, "JAVA_OPTS"))
                .as("%s: JAVA_OPTS would drop the image's own options", service)
                .isEmpty();
        long heap =
                imageHeap(service).with(ratio.orElse(null), append.orElse(null)).bytes(limitBytes);

        assertFits(service + " (deploy/k8s)", heap, limitBytes);
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void theComposeServiceHasALimitItsHeapFits(String service) {
        Map<String, Object> compose = composeService(service);
        Object memLimit = compose.get("mem_limit");
        assertThat(memLimit)
                .as(
                        "mem_limit of %s in the compose file (without one the heap is a share of the host's memory)",
                        service)
                .isNotNull();
        long limitBytes = dockerBytes(memLimit.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) compose.getOrDefault("environment", Map.of());
        Heap heap = imageHeap(service)
                .with(
                        Optional.ofNullable(environment.get("JAVA_MAX_MEM_RATIO"))
                                .map(Object::toString)
                                .orElse(null),
                        Optional.ofNullable(environment.get("JAVA_OPTS_APPEND"))
                                .map(Object::toString)
                                .orElse(null));

        assertFits(service + " (deploy/compose)", heap.bytes(limitBytes), limitBytes);
    }

    private static void assertFits(String where, long heapBytes, long limitBytes) {
        assertThat(heapBytes + NON_HEAP_MIB * MIB)
                .as(
                        "%s: heap %d MiB + %d MiB outside the heap within the limit of %d MiB",
                        where, heapBytes / MIB, NON_HEAP_MIB, limitBytes / MIB)
                .isLessThanOrEqualTo(limitBytes);
        assertThat(heapBytes / MIB)
                .as("%s: heap in MiB, at least the benchmarked -Xmx%dm", where, BENCHMARKED_HEAP_MIB)
                .isGreaterThanOrEqualTo(BENCHMARKED_HEAP_MIB);
    }

    /** The image's own setting: its {@code ENV JAVA_MAX_MEM_RATIO}, else the base image's default. */
    private static Heap imageHeap(String service) {
        String dockerfile = Repository.read(Dockerfiles.path(service, "jvm"));
        Matcher ratio = ENV_RATIO.matcher(dockerfile);
        Heap heap = new Heap(ratio.find() ? Integer.parseInt(ratio.group(1)) : BASE_IMAGE_RATIO, OptionalLong.empty());
        Matcher append =
                Pattern.compile("(?m)^ENV\\s+JAVA_OPTS_APPEND=\"([^\"]*)\"").matcher(dockerfile);
        return append.find() ? heap.with(null, append.group(1)) : heap;
    }

    /** The value of env {@code name}, inline or from the ConfigMap. */
    private Optional<String> env(Container container, String name) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(name))
                .findFirst()
                .map(this::value);
    }

    private String value(EnvVar env) {
        if (env.getValue() != null) {
            return env.getValue();
        }
        var ref = env.getValueFrom().getConfigMapKeyRef();
        assertThat(ref)
                .as("%s comes inline or from the ConfigMap", env.getName())
                .isNotNull();
        return base.configValue(ref.getName(), ref.getKey());
    }

    private static OptionalLong xmx(String options) {
        Matcher xmx = XMX.matcher(options);
        OptionalLong last = OptionalLong.empty();
        while (xmx.find()) { // the JVM takes the last one
            long amount = Long.parseLong(xmx.group(1));
            last = OptionalLong.of(
                    switch (xmx.group(2).toLowerCase(Locale.ROOT)) {
                        case "k" -> amount * 1024;
                        case "m" -> amount * MIB;
                        case "g" -> amount * 1024 * MIB;
                        default -> amount;
                    });
        }
        return last;
    }

    /** Docker's byte values ({@code 512m}: binary units b, k, m, g). */
    private static long dockerBytes(String value) {
        Matcher matcher = MEM_LIMIT.matcher(value.strip().toLowerCase(Locale.ROOT));
        assertThat(matcher.matches()).as("mem_limit %s", value).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "k" -> amount * 1024;
            case "m" -> amount * MIB;
            case "g" -> amount * 1024 * MIB;
            default -> amount;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeService(String service) {
        try (InputStream in = Files.newInputStream(ComposeFile.FILE)) {
            Map<String, Object> file = new Yaml().load(in);
            Map<String, Object> services = (Map<String, Object>) file.get("services");
            assertThat(services).as("services of %s", ComposeFile.FILE).containsKey(service);
            return (Map<String, Object>) services.get(service);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ComposeFile.FILE, e);
        }
    }

    private static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }
}
