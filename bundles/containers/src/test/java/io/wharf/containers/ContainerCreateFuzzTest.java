package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.archive.DirectoryTrees;
import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.store.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * POST /containers/create with any body: a container is created, or the client hears a 4xx (or a 501 for what
 * Wharf does not do), never a server fault (500). A created container can be inspected and serialised, is read back
 * as a restarted daemon reads its state, and is removed without leaving anything behind.
 */
class ContainerCreateFuzzTest {
    private static final ObjectMapper JERSEY = new ObjectMapper();
    private Path root;
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        root = Files.createTempDirectory("wharf-create-fuzz");
        harness = new Harness(root);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        DirectoryTrees.delete(root);
    }

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"{\"Image\":\"busybox\",", "\"HostConfig\":{", "\"NetworkingConfig\":{\"EndpointsConfig\":{",
        "\"Cmd\":[", "\"Entrypoint\":", "\"Env\":[", "\"Labels\":{", "\"ExposedPorts\":{", "\"Volumes\":{",
        "\"User\":", "\"WorkingDir\":", "\"Healthcheck\":{\"Test\":[", "\"StopSignal\":", "\"StopTimeout\":",
        "\"Binds\":[", "\"Mounts\":[{\"Type\":", "\"Tmpfs\":{", "\"PortBindings\":{", "\"NetworkMode\":",
        "\"none\"", "\"host\"", "\"container:", "\"IpcMode\":", "\"PidMode\":", "\"CapAdd\":[", "\"CapDrop\":[",
        "\"SecurityOpt\":[", "\"Privileged\":true", "\"Devices\":[", "\"Memory\":", "\"CpuShares\":",
        "\"NanoCpus\":", "\"Ulimits\":[", "\"Sysctls\":{", "\"RestartPolicy\":{\"Name\":", "\"MaximumRetryCount\":",
        "\"LogConfig\":{", "\"VolumesFrom\":[", "\"Links\":[", "\"Dns\":[", "\"ExtraHosts\":[", "\"ReadonlyRootfs\":",
        "\"ShmSize\":", "\"/tcp\"", "\"HostPort\":", "\"HostIp\":", "\"Target\":", "\"Source\":", ":ro", ":rw",
        "\"tmpfs\"", "\"bind\"", "\"volume\"", "-1", "9223372036854775807", "1e308", "null", "true", "[]", "{}"})
    void createAnswersOrRefuses(byte[] body) throws Exception {
        ContainerCreator.Created created;
        try {
            created = harness.creator.create(null, null, body);
        } catch (EngineException e) {
            int status = e.kind().httpStatus();
            // 503: the harness runs without the networks bundle, which a daemon answers so while it is stopped
            assertTrue(status >= 400 && status < 500 || status == 501 || status == 503,
                    () -> status + ": " + e.getMessage());
            return;
        }
        String id = created.id();
        JERSEY.writeValueAsString(harness.resource.inspect(id, "1"));
        JERSEY.writeValueAsString(harness.resource.list("1", null, "1", null));
        Container stored = harness.store.loadAll().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("a restarted daemon would not find " + id));
        assertEquals(harness.get(id).record().name(), stored.record().name());
        harness.resource.remove(id, "1", "1", null);
        assertTrue(harness.store.loadAll().isEmpty(), "removed containers leave no state");
        assertTrue(!Files.exists(harness.store.dirOf(id)), "removed containers leave no directory");
    }
}
