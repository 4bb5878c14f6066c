package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugins-examples/image-policy-allowlist, as its README says: dropped with its .cfg into the plugins folder of a
 * running wharfd it refuses pulls from other registries and runs of images that did not come from the allowed one,
 * with Docker's 403 and the policy's reason, serves its rules under its vendor prefix, and removing the jar lifts it.
 */
class ImagePolicyEndToEndIT {
    private static final String ELSEWHERE = "registry.invalid.example:5000/acme/app:1";

    @TempDir
    Path work;

    @Test
    void anAllowlistBundleRefusesPullsAndRunsUntilItIsRemoved() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null);
             Wharfd wharfd = new Wharfd("policy").withEnv("WHARF_PLUGINS_DIR", plugins.toString()).start()) {
            Docker docker = wharfd.docker();
            UnixHttp api = new UnixHttp(wharfd.socket);
            String rootfs = TestImages.busyboxRootfs(work).toString();
            docker.run("import", "-c", "CMD [\"sh\"]", rootfs, "busybox:latest").ok();
            // a local image, never pushed or pulled: another ID than busybox, which the push gives a repo digest
            docker.run("import", "-c", "CMD [\"sh\"]", "-c", "LABEL origin=local", rootfs, "local/bb:1").ok();
            String allowed = registry.host() + "/team/bb:1";
            docker.run("tag", "busybox", allowed).ok();
            docker.run("push", allowed).ok();
            docker.run("rmi", allowed).ok();

            Files.writeString(plugins.resolve("com.example.wharf.imagepolicy.cfg"),
                    "registries = " + registry.host() + "\n");
            Path jar = plugins.resolve("image-policy-allowlist.jar");
            Files.copy(PluginHotDeployIT.exampleJar("image-policy-allowlist", "image-policy-allowlist"), jar);
            UnixHttp.Response rules = api.get("/vendor/example/image-policy");
            for (long deadline = System.currentTimeMillis() + 30_000;
                 rules.status() != 200 && System.currentTimeMillis() < deadline; ) {
                Thread.sleep(500); // FileInstall polls once a second
                rules = api.get("/vendor/example/image-policy");
            }
            assertEquals(200, rules.status(), "the policy bundle did not start: " + wharfd.logText());
            assertTrue(rules.body().contains("\"Registries\":[\"" + registry.host() + "\"]"), rules.body());
            assertEquals(200, api.get("/v1.50/vendor/example/image-policy").status());

            Docker.Result refusedPull = docker.run("pull", ELSEWHERE);
            assertEquals(1, refusedPull.exitCode(), refusedPull.out());
            assertTrue(refusedPull.err().contains("Error response from daemon: image policy example-allowlist denied "
                    + "the request to pull " + ELSEWHERE + ": registry.invalid.example:5000/acme/app is not in an "
                    + "allowed registry or repository"), refusedPull.err());
            UnixHttp.Response refusedApi = api.send("POST",
                    "/v1.50/images/create?fromImage=registry.invalid.example:5000/acme/app&tag=1", null, null);
            assertEquals(403, refusedApi.status(), refusedApi.body());
            assertTrue(refusedApi.body().startsWith("{\"message\":\"image policy example-allowlist denied"),
                    refusedApi.body());

            docker.run("pull", allowed).ok();
            assertEquals("allowed", docker.run("run", "--rm", "--network", "none", allowed, "echo", "allowed").ok()
                    .out().strip());
            Docker.Result refusedRun = docker.run("run", "--rm", "--network", "none", "local/bb:1", "true");
            assertEquals(125, refusedRun.exitCode(), refusedRun.out());
            assertTrue(refusedRun.err().contains("image policy example-allowlist denied the request to run "
                    + "local/bb:1: local/bb:1 was not pulled from an allowed registry or repository"),
                    refusedRun.err());
            Docker.Result refusedImplicitPull = docker.run("run", "--rm", "--network", "none", ELSEWHERE, "true");
            assertEquals(125, refusedImplicitPull.exitCode(), refusedImplicitPull.out());
            assertTrue(refusedImplicitPull.err().contains("denied the request to pull " + ELSEWHERE),
                    refusedImplicitPull.err());
            assertEquals("", docker.run("ps", "-aq").ok().out().strip(), "a refused run left a container");

            Files.delete(jar);
            Docker.Result lifted = docker.run("run", "--rm", "--network", "none", "local/bb:1", "echo", "lifted");
            for (long deadline = System.currentTimeMillis() + 30_000;
                 lifted.exitCode() != 0 && System.currentTimeMillis() < deadline; ) {
                Thread.sleep(500);
                lifted = docker.run("run", "--rm", "--network", "none", "local/bb:1", "echo", "lifted");
            }
            assertEquals("lifted", lifted.ok().out().strip(), "removing the bundle did not lift the policy");
            assertEquals(404, api.get("/vendor/example/image-policy").status(), "its vendor route outlived it");
        }
    }
}
