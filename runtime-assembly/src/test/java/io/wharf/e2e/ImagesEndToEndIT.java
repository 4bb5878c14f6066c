package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The foundation through the real docker CLI: system endpoints and every image endpoint, good and bad input. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesEndToEndIT {
    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static String busyboxId;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("images").start();
        docker = wharfd.docker();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    @Order(1)
    void versionAndInfoDescribeTheEngine() throws Exception {
        assertEquals("1.50", docker.run("version", "--format", "{{.Server.APIVersion}}").ok().out().strip());
        String info = docker.run("info", "--format", "{{.Driver}}|{{.DockerRootDir}}|{{.OSType}}|{{.NCPU}}").ok().out();
        String[] parts = info.strip().split("\\|");
        assertTrue(List.of("overlay2", "vfs").contains(parts[0]), info);
        assertEquals(wharfd.dataRoot.toString(), parts[1]);
        assertEquals("linux", parts[2]);
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), parts[3]);
    }

    @Test
    @Order(2)
    void pingAnswersWithTheHeadersClientsRead() throws Exception {
        UnixHttp.Response ping = wharfd.http().send("HEAD", "/_ping", null, null);
        assertEquals(200, ping.status());
        assertEquals("1.50", ping.header("API-Version"));
        assertEquals("linux", ping.header("OSType"));
        assertEquals("false", ping.header("Docker-Experimental"));
        assertEquals("no-cache", ping.header("Pragma"));
        assertEquals("OK", wharfd.http().get("/v1.24/_ping").body());
    }

    @Test
    @Order(3)
    void socketIsPrivateToRootAndTheDockerGroup() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(wharfd.socket)));
    }

    @Test
    @Order(10)
    void importMakesAnImageWithChanges() throws Exception {
        Path rootfs = TestImages.busyboxRootfs(work);
        String out = docker.run("import", "-c", "CMD [\"sh\"]", "-c", "ENV GREETING=hello", "-m", "from busybox-static",
                rootfs.toString(), "busybox:latest").ok().out().strip();
        assertTrue(out.matches("sha256:[0-9a-f]{64}"), out);
        busyboxId = out;
        assertEquals("[\"sh\"]", docker.run("inspect", "-f", "{{json .Config.Cmd}}", "busybox").ok().out().strip());
        assertEquals("[\"GREETING=hello\"]",
                docker.run("inspect", "-f", "{{json .Config.Env}}", "busybox").ok().out().strip());
        assertEquals("from busybox-static", docker.run("inspect", "-f", "{{.Comment}}", "busybox").ok().out().strip());
        assertEquals(busyboxId, docker.run("inspect", "-f", "{{.Id}}", "docker.io/library/busybox:latest").ok().out().strip());
    }

    @Test
    @Order(11)
    void importFromStdinWithoutTagMakesADanglingImage() throws Exception {
        Path rootfs = TestImages.busyboxRootfs(work);
        String id = docker.runWithInput(rootfs, "import", "-m", "second", "-").ok().out().strip();
        assertNotEquals(busyboxId, id); // another message, so another config and ID
        assertTrue(docker.run("images", "-q", "--no-trunc", "--filter", "dangling=true").ok().out().contains(id));
    }

    @Test
    @Order(20)
    void tagListAndFilter() throws Exception {
        docker.run("tag", "busybox", "localhost:5000/tools/bb:v1").ok();
        docker.run("tag", busyboxId.substring(7, 19), "bb2").ok();
        List<String> rows = docker.run("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").ok().lines();
        assertTrue(rows.contains("busybox:latest " + busyboxId.substring(7, 19)), rows.toString());
        assertTrue(rows.contains("localhost:5000/tools/bb:v1 " + busyboxId.substring(7, 19)), rows.toString());
        assertTrue(rows.contains("bb2:latest " + busyboxId.substring(7, 19)), rows.toString());
        assertEquals(List.of("bb2:latest"),
                docker.run("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=bb*").ok().lines());
        assertEquals(List.of("localhost:5000/tools/bb:v1"), docker.run("images", "--format",
                "{{.Repository}}:{{.Tag}}", "--filter", "reference=localhost:5000/*/*").ok().lines());
    }

    @Test
    @Order(21)
    void historyShowsTheImportedLayer() throws Exception {
        List<String> rows = docker.run("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Comment}}",
                "busybox").ok().lines();
        assertEquals(List.of(busyboxId + "|Imported from -|from busybox-static"), rows);
    }

    @Test
    @Order(30)
    void saveThenLoadKeepsTheImageId() throws Exception {
        Path archive = work.resolve("saved.tar");
        docker.run("save", "-o", archive.toString(), "busybox", "bb2").ok();
        docker.run("rmi", "busybox", "bb2", "localhost:5000/tools/bb:v1").ok();
        assertFalse(docker.run("image", "inspect", "busybox").exitCode() == 0);
        String loaded = docker.run("load", "-i", archive.toString()).ok().out();
        assertTrue(loaded.contains("Loaded image: busybox:latest"), loaded);
        assertTrue(loaded.contains("Loaded image: bb2:latest"), loaded);
        assertEquals(busyboxId, docker.run("inspect", "-f", "{{.Id}}", "busybox").ok().out().strip());
        assertEquals(busyboxId, docker.run("inspect", "-f", "{{.Id}}", "bb2").ok().out().strip());
    }

    @Test
    @Order(31)
    void saveToStdoutStreamsATarball() throws Exception {
        Docker.Result r = docker.run("image", "save", "busybox");
        // The CLI refuses to write a tarball to a terminal only; here stdout is a pipe.
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("manifest.json"));
    }

    @Test
    @Order(40)
    void rmiUntagsThenDeletes() throws Exception {
        String untag = docker.run("rmi", "bb2").ok().out();
        assertEquals("Untagged: bb2:latest", untag.strip());
        Docker.Result conflict = docker.run("tag", "busybox", "bb3");
        conflict.ok();
        Docker.Result byId = docker.run("rmi", busyboxId.substring(7, 19));
        assertEquals(1, byId.exitCode());
        assertTrue(byId.err().contains("must be forced") && byId.err().contains("referenced in multiple repositories"),
                byId.err());
        docker.run("rmi", "bb3").ok();
    }

    @Test
    @Order(41)
    void pruneRemovesDanglingImages() throws Exception {
        String out = docker.run("image", "prune", "-f").ok().out();
        assertTrue(out.contains("deleted: sha256:"), out);
        assertEquals("", docker.run("images", "-q", "--filter", "dangling=true").ok().out().strip());
        assertEquals(busyboxId, docker.run("inspect", "-f", "{{.Id}}", "busybox").ok().out().strip());
    }

    @Test
    @Order(50)
    void unknownImagesAndBadNamesAreClientErrors() throws Exception {
        Docker.Result missing = docker.run("rmi", "no-such-image");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("No such image: no-such-image"), missing.err());
        assertTrue(docker.run("image", "inspect", "nothing:here").err().contains("No such image"));
        assertEquals(404, wharfd.http().get("/images/nothing/json").status());
        UnixHttp.Response badRepo = wharfd.http().send("POST", "/v1.50/images/busybox/tag?repo=Upper&tag=x", null, null);
        assertEquals(400, badRepo.status());
        assertTrue(badRepo.body().contains("\"message\""), badRepo.body());
        assertEquals(400, wharfd.http().get("/images/json?filters=%7Bnot-json").status());
        assertEquals(400, wharfd.http().get("/images/json?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D").status());
    }

    @Test
    @Order(51)
    void apiVersionsOutsideTheRangeAreRefusedLikeDockerd() throws Exception {
        UnixHttp.Response old = wharfd.http().get("/v1.12/version");
        assertEquals(400, old.status());
        assertTrue(old.body().contains("client version 1.12 is too old. Minimum supported API version is 1.24"));
        assertEquals(400, wharfd.http().get("/v1.51/version").status());
        assertEquals(200, wharfd.http().get("/v1.24/version").status());
        UnixHttp.Response nowhere = wharfd.http().get("/v1.50/no/such/endpoint");
        assertEquals(404, nowhere.status());
        assertEquals("{\"message\":\"page not found\"}", nowhere.body().strip());
    }

    @Test
    @Order(52)
    void garbageTarballsAreRejectedAndStoreNothing() throws Exception {
        int before = docker.run("images", "-aq").ok().lines().size();
        Path garbage = work.resolve("garbage.tar");
        Files.write(garbage, "this is not a tarball at all, just text".repeat(40).getBytes(StandardCharsets.UTF_8));
        Docker.Result load = docker.run("load", "-i", garbage.toString());
        assertEquals(1, load.exitCode());
        assertTrue(load.err().contains("invalid tar file"), load.err());
        Docker.Result imp = docker.run("import", garbage.toString(), "garbage:1");
        assertEquals(1, imp.exitCode());
        // dockerd answers a load 200 at once and reports the failure in the stream (docker-py: ImageLoadError)
        UnixHttp.Response raw = wharfd.http().send("POST", "/images/load", "application/x-tar",
                Files.readAllBytes(garbage));
        assertEquals(200, raw.status(), raw.body());
        assertTrue(raw.body().contains("\"errorDetail\":{\"message\":\"invalid tar file"), raw.body());
        assertEquals(before, docker.run("images", "-aq").ok().lines().size());
    }

    @Test
    @Order(53)
    void hostileTarWritesNothingOutsideTheLayer() throws Exception {
        Path outside = Files.createTempDirectory(Path.of("/tmp"), "wharf-escape-");
        try {
            Path tar = TestImages.hostileTar(work, outside);
            docker.run("import", tar.toString(), "hostile:1");
            try (var files = Files.list(outside)) {
                assertEquals(List.of(), files.toList(), "files written outside the layer");
            }
        } finally {
            new ProcessBuilder("rm", "-rf", outside.toString()).start().waitFor();
        }
    }

    @Test
    @Order(90)
    void restartKeepsEveryImage() throws Exception {
        List<String> before = docker.run("images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
                .ok().lines();
        assertEquals(0, wharfd.stop(), "SIGTERM should shut down cleanly");
        assertFalse(Files.exists(wharfd.dir.resolve("wharfd.pid")), "pid file removed on shutdown");
        assertFalse(Files.exists(wharfd.socket), "socket removed on shutdown");
        wharfd.start();
        List<String> after = docker.run("images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
                .ok().lines();
        assertEquals(before.stream().sorted().toList(), after.stream().sorted().toList());
        assertEquals(busyboxId, docker.run("inspect", "-f", "{{.Id}}", "busybox").ok().out().strip());
    }
}
