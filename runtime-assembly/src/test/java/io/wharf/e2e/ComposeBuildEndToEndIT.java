package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose build (Debian's 1.29, unmodified) of the project in src/test/compose-build against a wharfd: build
 * args and labels from the compose file, the service runs what was built, and a second build comes from the cache.
 */
class ComposeBuildEndToEndIT {
    private static final Path PROJECT_DIR = Path.of("src/test/compose-build");
    private static final String IMAGE = "localhost/compose-busybox:latest";
    private static Wharfd wharfd;
    private static Compose compose;

    @TempDir
    static Path work;

    @BeforeAll
    static void startWharfd() throws Exception {
        wharfd = new Wharfd("cbuild").start();
        wharfd.docker().run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), IMAGE).ok();
        compose = new Compose(wharfd, PROJECT_DIR, "wharfitbuild", IMAGE);
    }

    @AfterAll
    static void stopWharfd() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    void composeBuildsTheServiceImageAndRunsIt() throws Exception {
        Docker.Result built = compose.run("build").ok();
        String out = built.out() + built.err();
        assertTrue(out.contains("Successfully tagged wharfit-build/app:1"), out);
        Docker docker = wharfd.docker();
        assertEquals("compose-build", docker.run("inspect", "--format", "{{index .Config.Labels \"io.wharf.test\"}}",
                "wharfit-build/app:1").ok().out().strip());
        Docker.Result run = compose.run("run", "--rm", "app").ok();
        assertEquals("hello-from-compose: built by compose", run.out().strip());

        Docker.Result again = compose.run("build").ok();
        String cached = again.out() + again.err();
        assertTrue(cached.split("Using cache", -1).length - 1 >= 2, cached);
        compose.run("down", "--rmi", "all").ok();
        assertTrue(docker.run("image", "inspect", "wharfit-build/app:1").exitCode() != 0);
    }
}
