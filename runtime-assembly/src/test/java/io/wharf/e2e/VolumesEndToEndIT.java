package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Volumes, bind mounts and tmpfs mounts through the real docker CLI. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VolumesEndToEndIT {
    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("volumes").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        docker.run("import", "-c", "CMD [\"sh\"]", "-c", "VOLUME /etc", TestImages.busyboxRootfs(work).toString(),
                "withvolume:latest").ok();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    @Order(1)
    void namedVolumeDataOutlivesContainers() throws Exception {
        docker.run("volume", "create", "--label", "team=a", "data1").ok();
        docker.run("run", "--rm", "--network", "none", "-v", "data1:/data", "busybox", "sh", "-c",
                "echo persisted > /data/f").ok();
        Docker.Result read = docker.run("run", "--rm", "--network", "none", "-v", "data1:/data:ro", "busybox", "cat",
                "/data/f").ok();
        assertEquals("persisted", read.out().strip());
        Docker.Result ro = docker.run("run", "--rm", "--network", "none", "-v", "data1:/data:ro", "busybox", "touch",
                "/data/g");
        assertNotEquals(0, ro.exitCode());

        Docker.Result ls = docker.run("volume", "ls", "--filter", "label=team=a", "--format", "{{.Driver}} {{.Name}}")
                .ok();
        assertEquals("local data1", ls.out().strip());
        String mountpoint = docker.run("volume", "inspect", "-f", "{{.Mountpoint}}", "data1").ok().out().strip();
        assertEquals(wharfd.dataRoot.resolve("volumes/data1/_data").toString(), mountpoint);
        assertEquals("persisted", Files.readString(Path.of(mountpoint, "f")).strip());

        Docker.Result df = docker.run("system", "df", "-v").ok();
        assertTrue(df.out().lines().anyMatch(l -> l.startsWith("data1 ") && l.strip().endsWith("B")), df.out());

        // created by -v on first use
        docker.run("run", "--rm", "--network", "none", "-v", "autocreated:/x", "busybox", "true").ok();
        assertEquals(0, docker.run("volume", "inspect", "autocreated").exitCode());
    }

    @Test
    @Order(2)
    void volumeInUseCannotBeRemoved() throws Exception {
        docker.run("create", "--name", "holder", "--network", "none", "-v", "data1:/data", "busybox", "true").ok();
        Docker.Result rm = docker.run("volume", "rm", "data1");
        assertNotEquals(0, rm.exitCode());
        assertTrue(rm.err().contains("volume is in use"), rm.err());
        Docker.Result missing = docker.run("volume", "inspect", "nosuchvolume");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().toLowerCase().contains("no such volume"), missing.err());
        Docker.Result badName = docker.run("volume", "create", "bad/name");
        assertNotEquals(0, badName.exitCode());
        docker.run("rm", "holder").ok();
        docker.run("volume", "rm", "data1").ok();
    }

    @Test
    @Order(3)
    void imageVolumeIsFilledFromTheImageAndAnonymousVolumesGoWithRmV() throws Exception {
        docker.run("create", "--name", "anon", "--network", "none", "withvolume", "true").ok();
        String name = docker.run("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "anon").ok().out().strip();
        assertEquals(64, name.length(), name);
        docker.run("start", "-a", "anon").ok();
        String mountpoint = docker.run("volume", "inspect", "-f", "{{.Mountpoint}}", name).ok().out().strip();
        assertTrue(Files.exists(Path.of(mountpoint, "passwd")), "the image's /etc was copied into the new volume");

        docker.run("run", "--rm", "--network", "none", "--volumes-from", "anon:ro", "busybox", "cat", "/etc/passwd")
                .ok();
        docker.run("rm", "-v", "anon").ok();
        assertNotEquals(0, docker.run("volume", "inspect", name).exitCode(), "rm -v removes anonymous volumes");

        // --rm removes them too; named volumes stay
        docker.run("run", "--rm", "--network", "none", "-v", "/scratch", "-v", "kept:/kept", "busybox", "true").ok();
        Docker.Result left = docker.run("volume", "ls", "-q").ok();
        assertTrue(left.lines().contains("kept"), left.out());
        assertFalse(left.lines().stream().anyMatch(l -> l.length() == 64), left.out());
    }

    @Test
    @Order(4)
    void pruneRemovesUnusedAnonymousVolumesUnlessAll() throws Exception {
        docker.run("create", "--name", "anon2", "--network", "none", "-v", "/scratch", "busybox", "true").ok();
        docker.run("rm", "anon2").ok(); // without -v the anonymous volume stays
        docker.run("volume", "create", "named-unused").ok();
        Docker.Result prune = docker.run("volume", "prune", "-f").ok();
        Docker.Result left = docker.run("volume", "ls", "-q").ok();
        assertTrue(left.lines().contains("named-unused"), "named volumes need --all: " + left.out());
        assertFalse(left.lines().stream().anyMatch(l -> l.length() == 64), prune.out() + left.out());
        docker.run("volume", "prune", "-f", "--all").ok();
        assertTrue(docker.run("volume", "ls", "-q").ok().out().isBlank());
    }

    @Test
    @Order(5)
    void bindMountsAndTheirOptions() throws Exception {
        Path dir = Files.createDirectories(work.resolve("shared"));
        Files.writeString(dir.resolve("hello.txt"), "from the host\n");
        Docker.Result read = docker.run("run", "--rm", "--network", "none", "-v", dir + ":/in:ro,z", "busybox", "cat",
                "/in/hello.txt").ok();
        assertEquals("from the host", read.out().strip());
        Docker.Result write = docker.run("run", "--rm", "--network", "none", "-v", dir + ":/in:ro", "busybox",
                "touch", "/in/new");
        assertNotEquals(0, write.exitCode());
        assertTrue(write.err().contains("Read-only file system"), write.err());
        docker.run("run", "--rm", "--network", "none", "--mount", "type=bind,source=" + dir + ",target=/rw",
                "busybox", "sh", "-c", "echo back > /rw/back.txt").ok();
        assertEquals("back", Files.readString(dir.resolve("back.txt")).strip());
        Docker.Result missing = docker.run("run", "--rm", "--network", "none", "--mount",
                "type=bind,source=/no/such/dir,target=/x", "busybox", "true");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("bind source path does not exist"), missing.err());
    }

    @Test
    @Order(6)
    void tmpfsMountsWithSizeAndMode() throws Exception {
        Docker.Result r = docker.run("run", "--rm", "--network", "none", "--tmpfs", "/t1:size=1m,mode=700",
                "--mount", "type=tmpfs,target=/t2,tmpfs-size=2m", "busybox", "sh", "-c",
                "grep -E ' /t[12] ' /proc/mounts; stat -c %a /t1").ok();
        assertTrue(r.out().matches("(?s).*tmpfs /t1 tmpfs [^ ]*size=1024k.*"), r.out());
        assertTrue(r.out().matches("(?s).*tmpfs /t2 tmpfs [^ ]*size=2048k.*"), r.out());
        assertTrue(r.out().strip().endsWith("700"), r.out());

        docker.run("volume", "create", "--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs",
                "--opt", "o=size=3m", "tmpvol").ok();
        Docker.Result t = docker.run("run", "--rm", "--network", "none", "-v", "tmpvol:/v", "busybox", "sh", "-c",
                "grep ' /v ' /proc/mounts").ok();
        assertTrue(t.out().contains("tmpfs /v tmpfs") && t.out().contains("size=3072k"), t.out());
        docker.run("volume", "rm", "tmpvol").ok();
    }

    @Test
    @Order(7)
    void symlinkInTheContainerPathDoesNotEscape() throws Exception {
        Path outside = Files.createDirectories(work.resolve("outside-target"));
        Path src = Files.createDirectories(work.resolve("src"));
        Files.writeString(src.resolve("payload"), "x");
        // /etc/evil -> outside-target on the host: the mount must land inside the container's root
        Docker.Result build = docker.run("run", "--name", "linky2", "--network", "none", "busybox", "ln", "-s",
                outside.toString(), "/evil");
        assertEquals(0, build.exitCode(), build.err());
        docker.run("commit", "linky2", "linky-image").ok();
        docker.run("rm", "linky2").ok();
        docker.run("run", "--rm", "--network", "none", "-v", src + ":/evil/mnt", "linky-image", "true");
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing was created or mounted on the host through the symlink");
        }
    }
}
