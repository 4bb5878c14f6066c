package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives and registries that try to take wharfd's memory or disk, through the docker CLI against a daemon with
 * its usual heap: a 1.5 MiB gzip whose GNU long name expands to 1.5 GiB (import, load, pull, build), a decompression
 * bomb, a registry whose blobs never end, and an oversized request body. Each must fail with a clear message (or,
 * for the bomb, succeed by streaming), and afterwards the daemon answers and the image stored before is intact.
 */
class HostileArchivesEndToEndIT {
    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static String busyboxId;
    static Path longName;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("hostile").start();
        docker = wharfd.docker();
        busyboxId = docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok().out()
                .strip();
        longName = HostileArchives.longNameLayer(work.resolve("longname.tar.gz"), HostileArchives.GIB_AND_A_HALF);
        assertTrue(Files.size(longName) < 2 << 20, "the hostile layer is small: " + Files.size(longName));
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    /** The daemon survived, the image stored before is untouched, and nothing half-made is left to see. */
    @AfterEach
    void daemonIsUpAndNothingChanged() throws Exception {
        assertEquals(200, wharfd.http().get("/_ping").status(), wharfd.logText());
        assertEquals(busyboxId, docker.run("image", "inspect", "--format", "{{.Id}}", "busybox:latest").ok().out()
                .strip());
        assertEquals("busybox:latest", docker.run("images", "--format", "{{.Repository}}:{{.Tag}}").ok().out()
                .strip());
        assertFalse(wharfd.logText().contains("OutOfMemoryError"), wharfd.logText());
        try (Stream<Path> all = Files.walk(wharfd.dataRoot.resolve("image"), 4)) {
            assertEquals(java.util.List.of(), all.filter(p -> p.getParent().getFileName().toString().equals("tmp"))
                    .toList(), "work files left in the image store");
        }
        assertEquals("hi\n", docker.run("run", "--rm", "busybox", "echo", "hi").ok().out());
    }

    @Test
    void importOfAGigabyteLongNameIsRefused() throws Exception {
        Docker.Result r = docker.run("import", longName.toString(), "hostile:import");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("invalid tar: a GNU long name of 1610612736 bytes exceeds the limit of 1048576 bytes"),
                r.err());
    }

    /** As a build context (the CLI sends {@code docker build - < ctx.tar.gz} as it is): a 400 saying why. */
    @Test
    void aBuildContextWithAGigabyteLongNameIsRefused() throws Exception {
        Docker.Result r = docker.runWithInput(longName, "build", "-");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("invalid tar: a GNU long name of 1610612736 bytes exceeds the limit of 1048576 bytes"),
                r.err());
    }

    @Test
    void loadOfAnImageWithAGigabyteLongNameLayerIsRefused() throws Exception {
        Path saved = HostileArchives.savedImage(work.resolve("saved.tar"), longName, "hostile:load");
        Docker.Result r = docker.run("load", "-i", saved.toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("GNU long name of 1610612736 bytes exceeds the limit"), r.err());
        // the tarball itself with such a name
        Docker.Result outer = docker.run("load", "-i", longName.toString());
        assertNotEquals(0, outer.exitCode());
        assertTrue(outer.err().contains("GNU long name of 1610612736 bytes exceeds the limit"), outer.err());
    }

    @Test
    void pullOfAGigabyteLongNameLayerFails() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            byte[] layer = Files.readAllBytes(longName);
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":"
                    + "\"layers\",\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}").getBytes(StandardCharsets.UTF_8);
            registry.blob(FakeRegistry.sha256(layer), () -> new ByteArrayInputStream(layer));
            registry.blob(FakeRegistry.sha256(config), () -> new ByteArrayInputStream(config));
            registry.manifest("hostile", "longname", FakeRegistry.sha256(config), config.length,
                    FakeRegistry.sha256(layer), layer.length);
            Docker.Result r = docker.run("pull", registry.address() + "/hostile:longname");
            assertNotEquals(0, r.exitCode());
            assertTrue((r.out() + r.err()).contains("GNU long name of 1610612736 bytes exceeds the limit"),
                    r.out() + r.err());
        }
    }

    @Test
    void endlessBlobsStopAtTheirDescriptorsSize() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":"
                    + "\"layers\",\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}").getBytes(StandardCharsets.UTF_8);
            String endlessLayer = "sha256:" + "1".repeat(64);
            String endlessConfig = "sha256:" + "2".repeat(64);
            registry.blob(FakeRegistry.sha256(config), () -> new ByteArrayInputStream(config));
            registry.blob(endlessLayer, FakeRegistry::endless);
            registry.blob(endlessConfig, FakeRegistry::endless);
            registry.manifest("hostile", "endless-layer", FakeRegistry.sha256(config), config.length, endlessLayer,
                    1 << 20);
            registry.manifest("hostile", "endless-config", endlessConfig, config.length, endlessLayer, 1 << 20);

            Docker.Result layer = docker.run("pull", registry.address() + "/hostile:endless-layer");
            assertNotEquals(0, layer.exitCode());
            assertTrue((layer.out() + layer.err()).contains("more than the 1048576 bytes its descriptor declares"),
                    layer.out() + layer.err());
            Docker.Result cfg = docker.run("pull", registry.address() + "/hostile:endless-config");
            assertNotEquals(0, cfg.exitCode());
            assertTrue((cfg.out() + cfg.err()).contains("is larger than the " + config.length
                    + " bytes its descriptor declares"), cfg.out() + cfg.err());
            // the client stopped reading soon after the declared sizes (socket buffers aside)
            assertTrue(registry.blobBytesSent.get() < 64L << 20, "sent " + registry.blobBytesSent.get());
        }
        try (Stream<Path> spool = Files.walk(wharfd.dataRoot)) {
            assertEquals(0, spool.filter(p -> p.toString().endsWith(".part")).count(), "spool files left");
        }
    }

    @Test
    void aDecompressionBombIsStreamedNotHeld() throws Exception {
        // 768 MiB of zeros, more than the daemon's heap, from a gzip of under a MiB
        Path bomb = HostileArchives.zeroFileLayer(work.resolve("bomb.tar.gz"), 768L << 20);
        assertTrue(Files.size(bomb) < 1 << 20, "size " + Files.size(bomb));
        String id = docker.run("import", bomb.toString()).ok().out().strip();
        assertTrue(id.startsWith("sha256:"), id);
        docker.run("rmi", id).ok();
        Files.delete(bomb);
    }

    @Test
    void aRequestBodyReadWholeIsBounded() throws Exception {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 100; i++) { // 5 MiB of environment in lines the CLI's scanner takes
            env.append("V").append(i).append('=').append("v".repeat(50 * 1024)).append('\n');
        }
        Path envFile = Files.writeString(work.resolve("big.env"), env);
        Docker.Result r = docker.run("create", "--env-file", envFile.toString(), "busybox");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("the request body exceeds the limit of 4194304 bytes"), r.err());
        assertEquals("", docker.run("ps", "-aq").ok().out().strip());
    }
}
