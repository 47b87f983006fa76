package io.foresight.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The bench measures memory with the flags the Docker image runs with: the two lists must not drift apart. */
class ServiceProcessFlagsTest {

    @Test
    void theBenchsServiceGetsTheDockerImagesMemoryFlags() throws Exception {
        String toolOptions = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(line -> line.contains("JAVA_TOOL_OPTIONS="))
                .findFirst().orElseThrow();
        assertThat(ServiceProcess.DOCKER_JVM_FLAGS).isNotEmpty();
        for (String flag : ServiceProcess.DOCKER_JVM_FLAGS) {
            assertThat(toolOptions).as("Dockerfile JAVA_TOOL_OPTIONS").contains(flag);
        }
    }
}
