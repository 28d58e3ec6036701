package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every service's {@code Dockerfile.jvm} and {@code Dockerfile.native-micro}, and the root {@code .dockerignore}. */
class DockerfilesTest {

    private static final List<String> MODES = List.of("jvm", "native-micro");

    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$");

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void bothDockerfilesStartWithTheirUsageHeader(String service) {
        for (String mode : MODES) {
            String dockerfile = Repository.read(Dockerfiles.path(service, mode));

            assertThat(dockerfile)
                    .as("Dockerfile.%s of %s", mode, service)
                    .startsWith("####\n")
                    .contains("# Before building the container image run")
                    .contains("# docker build -f " + service + "/src/main/docker/Dockerfile." + mode)
                    .contains("# docker run -i --rm -p");
        }
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void bothImagesRunAsANonRootUser(String service) {
        for (String mode : MODES) {
            Matcher users = USER.matcher(Repository.read(Dockerfiles.path(service, mode)));
            String lastUser = null;
            while (users.find()) {
                lastUser = users.group(1);
            }
            assertThat(lastUser)
                    .as("last USER of Dockerfile.%s of %s", mode, service)
                    .isNotNull()
                    .matches("[1-9][0-9]*")
                    .isNotEqualTo("0");
        }
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void bothImagesAreLabelledWithTheProjectVersion(String service) {
        for (String mode : MODES) {
            assertThat(Repository.read(Dockerfiles.path(service, mode)))
                    .as("Dockerfile.%s of %s", mode, service)
                    .contains("ARG ECHODB_VERSION=" + Repository.version())
                    .contains("org.opencontainers.image.version=\"${ECHODB_VERSION}\"");
        }
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void imagesCopyTheirOwnModulesArtefactsAndExposeItsPort(String service) {
        int port = ServiceSettings.of(service).httpPort();
        String jvm = Repository.read(Dockerfiles.path(service, "jvm"));
        String nativeMicro = Repository.read(Dockerfiles.path(service, "native-micro"));

        assertThat(jvm)
                .contains("COPY --chown=185 " + service + "/target/quarkus-app/lib/ /deployments/lib/")
                .contains("EXPOSE " + port);
        assertThat(nativeMicro)
                .contains(service + "/target/*-runner /work/application")
                .contains("EXPOSE " + port);
        for (String other : Repository.SERVICES) {
            if (!other.equals(service)) {
                assertThat(jvm + nativeMicro).doesNotContain(other + "/target");
            }
        }
    }

    @Test
    void theBuildContextIsAWhitelistOfPackagedArtefacts() {
        List<String> rules = Repository.read(Repository.path(".dockerignore"))
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();

        assertThat(rules).first().isEqualTo("*");
        assertThat(rules).contains("!*/target/quarkus-app/", "!*/target/*-runner");
        assertThat(rules.subList(1, rules.size())).allMatch(rule -> rule.startsWith("!"));
    }
}
