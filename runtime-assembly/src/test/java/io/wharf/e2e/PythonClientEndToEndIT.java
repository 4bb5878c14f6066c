package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-py, unmodified (Debian's python3-docker, run by /usr/bin/python3: the first python3 on PATH may lack it),
 * against a wharfd: the unittest module in src/test/python drives its APIClient and DockerClient through
 * containers, exec, logs, images, volumes, networks and events. Its output is the failure message.
 */
class PythonClientEndToEndIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path TESTS = Path.of("src/test/python");
    private static final String IMAGE = "localhost/py-busybox:latest";
    private static Wharfd wharfd;
    private static int tcpPort;

    @TempDir
    static Path work;

    @BeforeAll
    static void startWharfd() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tcpPort = s.getLocalPort(); // attach_socket(ws=True) needs a tcp:// base URL
        }
        wharfd = new Wharfd("dockerpy", "-H", "tcp://127.0.0.1:" + tcpPort).start();
        wharfd.docker().run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), IMAGE).ok();
    }

    @AfterAll
    static void stopWharfd() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    void dockerPyTestsPass() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing (scripts/install-host-packages.sh)");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-W", "ignore::DeprecationWarning",
                "-m", "unittest", "-v", "test_dockerpy")
                .directory(TESTS.toFile()).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + wharfd.socket);
        pb.environment().put("WHARF_PY_IMAGE", IMAGE);
        pb.environment().put("WHARF_PY_TCP_HOST", "tcp://127.0.0.1:" + tcpPort);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        pb.environment().remove("DOCKER_CONFIG");
        pb.environment().remove("DOCKER_TLS_VERIFY");
        pb.environment().remove("DOCKER_CERT_PATH");
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                output.append("(cannot read the output: ").append(e).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            reader.join(5000);
            throw new AssertionError("docker-py tests did not finish in 120 s:\n" + output);
        }
        reader.join(5000);
        assertEquals(0, p.exitValue(), "docker-py tests failed:\n" + output);
    }
}
