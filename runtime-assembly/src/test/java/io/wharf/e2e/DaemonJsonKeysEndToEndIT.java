package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dockerd's daemon.json keys for container defaults, seen from inside containers, and the keys Wharf refuses. */
class DaemonJsonKeysEndToEndIT {
    @TempDir
    Path work;

    @Test
    void containerDefaultsFromDaemonJsonApplyWhereTheRunSetsNone() throws Exception {
        String parent = "wharfkeys-" + ProcessHandle.current().pid();
        Path config = work.resolve("daemon.json");
        // limits below the host's hard ones: wharfd has no CAP_SYS_RESOURCE here
        Files.writeString(config, """
                {"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 2000, "Soft": 1000}},
                 "default-shm-size": "128M", "default-cgroupns-mode": "host", "cgroup-parent": "/%s",
                 "no-new-privileges": true, "seccomp-profile": "unconfined",
                 "dns-search": ["corp.example"], "dns-opts": ["ndots:3"],
                 "exec-opts": ["native.cgroupdriver=cgroupfs"], "features": {"buildkit": false},
                 "userland-proxy": true, "icc": false, "ip-forward": true, "ip": "127.0.0.1", "max-download-attempts": 3,
                 "shutdown-timeout": 20}
                """.formatted(parent));
        try (Wharfd wharfd = new Wharfd("keys", "--config-file", config.toString()).start()) {
            Docker docker = wharfd.docker();
            docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
            assertEquals("1000 2000", run(docker, "sh", "-c", "echo $(ulimit -Sn) $(ulimit -Hn)"));
            assertEquals("500", run(docker, "--ulimit", "nofile=500:600", "sh", "-c", "ulimit -Sn"));
            assertTrue(run(docker, "grep", " /dev/shm ", "/proc/mounts").contains("size=131072k"));
            assertEquals("NoNewPrivs:\t1", run(docker, "grep", "NoNewPrivs", "/proc/self/status"));
            assertEquals("NoNewPrivs:\t0", run(docker, "--security-opt", "no-new-privileges=false", "grep",
                    "NoNewPrivs", "/proc/self/status"));
            assertEquals("Seccomp:\t0", run(docker, "grep", "Seccomp:", "/proc/self/status"));
            String resolv = run(docker, "cat", "/etc/resolv.conf");
            assertTrue(resolv.contains("search corp.example"), resolv);
            assertTrue(resolv.contains("options ndots:3"), resolv);
            String id = docker.run("run", "-d", "busybox", "sleep", "60").ok().out().strip();
            String cgroup = docker.run("exec", id, "grep", "pids", "/proc/self/cgroup").ok().out().strip();
            assertTrue(cgroup.endsWith(":/" + parent + "/" + id), "host cgroupns under the parent: " + cgroup);
            // icc=false: the default bridge carries no traffic between containers, but to the host it does
            String peer = docker.run("inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}}",
                    id).ok().out().strip();
            String[] addresses = peer.split(" ");
            assertEquals(0, docker.run("run", "--rm", "busybox", "ping", "-c", "1", "-W", "2", addresses[1])
                    .exitCode(), "the gateway answers");
            assertTrue(docker.run("run", "--rm", "busybox", "ping", "-c", "1", "-W", "2", addresses[0]).exitCode()
                    != 0, "a container on the default bridge must not reach another with icc=false");
            docker.run("rm", "-f", id).ok();
            // ip: a port published without a host address is bound on the daemon's default one
            String published = docker.run("run", "-d", "-p", "8080", "busybox", "sleep", "60").ok().out().strip();
            assertTrue(docker.run("port", published, "8080").ok().out().strip().startsWith("127.0.0.1:"));
            docker.run("rm", "-f", published).ok();
        } finally {
            removeCgroups(parent);
        }
    }

    @Test
    void dockerdKeysWharfLacksAndValuesItCannotHonourStopTheDaemonNamingTheKey() throws Exception {
        for (String[] c : List.of(
                new String[] {"{\"userns-remap\": \"default\"}",
                        "the following directives are not supported by Wharf: userns-remap"},
                new String[] {"{\"exec-opts\": [\"native.cgroupdriver=systemd\"]}", "native.cgroupdriver=systemd"},
                new String[] {"{\"features\": {\"buildkit\": true}}", "buildkit"})) {
            Path config = work.resolve("daemon.json");
            Files.writeString(config, c[0]);
            try (Wharfd wharfd = new Wharfd("refused", "--config-file", config.toString())) {
                Docker.Result r = wharfd.startExpectingFailure();
                assertEquals(1, r.exitCode(), r.out());
                assertTrue(r.out().contains(c[1]), r.out());
            }
        }
    }

    private static String run(Docker docker, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "--rm"));
        int image = args[0].startsWith("--") ? 2 : 0;
        cmd.addAll(List.of(args).subList(0, image));
        cmd.add("busybox");
        cmd.addAll(List.of(args).subList(image, args.length));
        return docker.run(cmd.toArray(String[]::new)).ok().out().strip();
    }

    /** runc removes each container's cgroup; the parent it made in every hierarchy goes with the test. */
    private static void removeCgroups(String parent) {
        File[] hierarchies = new File("/sys/fs/cgroup").listFiles();
        if (hierarchies == null) {
            return;
        }
        for (File h : hierarchies) {
            new File(h, parent).delete();
        }
        new File("/sys/fs/cgroup", parent).delete();
    }
}
