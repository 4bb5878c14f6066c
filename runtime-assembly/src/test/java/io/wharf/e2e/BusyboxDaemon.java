package io.wharf.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own wharfd with the local busybox imported as {@code busybox:latest}, started before its first
 * test and stopped (with what it made on the host) after its last: register it as a static field with
 * {@code @RegisterExtension} instead of writing the same {@code @BeforeAll}/{@code @AfterAll} pair again.
 */
final class BusyboxDaemon implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private Wharfd wharfd;
    private Docker docker;
    private Path work;

    BusyboxDaemon(String name) {
        this.name = name;
    }

    Docker docker() {
        return docker;
    }

    /** The daemon itself, for what the docker CLI does not show (its nft table). */
    Wharfd wharfd() {
        return wharfd;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory("wharf-e2e-" + name);
        wharfd = new Wharfd(name).start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
        if (work != null) {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
        }
    }
}
