package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker push, pull, login and run-pulls-what-is-missing against Debian's docker-registry on loopback. */
class DistributionEndToEndIT {
    @TempDir
    Path work;

    @Test
    void pushPullAndRunPullingAMissingImage() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null);
             Wharfd wharfd = new Wharfd("dist").start()) {
            Docker docker = wharfd.docker();
            String id = docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                    "busybox:latest").ok().out().strip();
            String ref = registry.host() + "/e2e/bb:1";
            docker.run("tag", "busybox", ref).ok();
            String push = docker.run("push", ref).ok().out();
            assertTrue(push.contains("Pushed") && push.contains("1: digest: sha256:"), push);
            String again = docker.run("push", ref).ok().out();
            assertTrue(again.contains("Layer already exists"), again);

            docker.run("rmi", ref).ok();
            String pull = docker.run("pull", ref).ok().out();
            assertTrue(pull.contains("Digest: sha256:") && pull.contains("Status: "), pull);
            assertEquals(id, docker.run("inspect", "-f", "{{.Id}}", ref).ok().out().strip());
            assertTrue(docker.run("inspect", "-f", "{{json .RepoDigests}}", ref).ok().out().contains("@sha256:"));

            docker.run("rmi", "-f", ref, "busybox").ok();
            Docker.Result run = docker.run("run", "--rm", "--network", "none", ref, "echo", "pulled and ran");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("Unable to find image"), run.err());
            assertEquals("pulled and ran", run.out().strip());
            Docker.Result never = docker.run("run", "--rm", "--pull", "never", "--network", "none",
                    registry.host() + "/e2e/absent:1", "true");
            assertTrue(never.exitCode() != 0 && never.err().contains("No such image"), never.err());

            Docker.Result unknown = docker.run("pull", registry.host() + "/e2e/bb:nope");
            assertEquals(1, unknown.exitCode());
            assertTrue(unknown.err().contains("not found"), unknown.err());
        }
    }

    @Test
    void multiLayerImagesKeepTheirIdThroughPushAndPull() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("layers"), null, null);
             Wharfd wharfd = new Wharfd("layers").start()) {
            Docker docker = wharfd.docker();
            docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
            String image = "busybox";
            for (int i = 1; i <= 3; i++) { // three more layers of random data, one with a deletion
                String script = "head -c 1048576 /dev/urandom > /data" + i + (i == 3 ? " && rm /data1" : "");
                docker.run("run", "--name", "layer" + i, "--network", "none", image, "sh", "-c", script).ok();
                docker.run("commit", "layer" + i, "layered:" + i).ok();
                docker.run("rm", "layer" + i).ok();
                image = "layered:" + i;
            }
            String id = docker.run("inspect", "-f", "{{.Id}}", image).ok().out().strip();
            assertEquals("4", docker.run("inspect", "-f", "{{len .RootFS.Layers}}", image).ok().out().strip());
            String ref = registry.host() + "/e2e/layered:3";
            docker.run("tag", image, ref).ok();
            docker.run("push", ref).ok();
            docker.run("rmi", ref, "layered:1", "layered:2", "layered:3", "busybox").ok();
            String pull = docker.run("pull", ref).ok().out();
            assertTrue(pull.contains("Pull complete"), pull);
            assertEquals(id, docker.run("inspect", "-f", "{{.Id}}", ref).ok().out().strip());
            assertEquals("data2 data3", docker.run("run", "--rm", "--network", "none", ref, "sh", "-c",
                    "ls / | grep data | xargs").ok().out().strip());
            String always = docker.run("run", "--rm", "--pull", "always", "--network", "none", ref, "true").ok().err();
            assertTrue(always.isEmpty() || !always.contains("Error"), always);
        }
    }

    @Test
    void loginWithBasicAuthAndPushWithTheCredentials() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("auth"), "wharf", "s3cret");
             Wharfd wharfd = new Wharfd("login").start()) {
            Docker docker = wharfd.docker();
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            String ref = registry.host() + "/private/bb:1";
            docker.run("tag", "busybox", ref).ok();
            Docker.Result anonymous = docker.run("push", ref);
            assertTrue(anonymous.exitCode() != 0, anonymous.out());
            Docker.Result bad = docker.run("login", "-u", "wharf", "-p", "wrong", registry.host());
            assertTrue(bad.exitCode() != 0, bad.out());
            Docker.Result good = docker.run("login", "-u", "wharf", "-p", "s3cret", registry.host());
            assertTrue(good.out().contains("Login Succeeded"), good.out() + good.err());
            assertTrue(docker.run("push", ref).ok().out().contains("digest: sha256:"));
        }
    }

    @Test
    void dockerHubNamesComeFromTheConfiguredMirror() throws Exception {
        try (LocalRegistry mirror = LocalRegistry.start(work.resolve("mirror"), null, null)) {
            try (Wharfd seeder = new Wharfd("seed").start()) {
                Docker docker = seeder.docker();
                docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
                docker.run("tag", "busybox", mirror.host() + "/library/busybox:latest").ok();
                docker.run("push", mirror.host() + "/library/busybox:latest").ok();
            }
            try (Wharfd wharfd = new Wharfd("mirrored", "--registry-mirror", "http://" + mirror.host()).start()) {
                String pull = wharfd.docker().run("pull", "busybox").ok().out();
                assertTrue(pull.contains("Status: Downloaded newer image for busybox:latest"), pull);
                assertEquals("hi", wharfd.docker().run("run", "--rm", "--network", "none", "busybox", "echo", "hi")
                        .ok().out().strip());
            }
        }
    }
}
