package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker run's security, resource and supervision options, checked from inside the container. */
class ContainerOptionsEndToEndIT {
    /** Docker's default capability set (CHOWN ... AUDIT_WRITE) as /proc/self/status prints it. */
    private static final String DEFAULT_CAPS = "00000000a80425fb";

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("options").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            docker.run("rm", "-f", "healthy", "flaky", "always");
            wharfd.close();
        }
    }

    private static String run(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("run", "--rm", "--network", "none"));
        cmd.addAll(List.of(args));
        return docker.run(cmd.toArray(new String[0])).ok().out().strip();
    }

    @Test
    void capabilitiesSeccompAndPrivileged() throws Exception {
        assertEquals("CapEff:\t" + DEFAULT_CAPS, run("busybox", "grep", "CapEff", "/proc/self/status"));
        assertEquals("CapEff:\t0000000000000000",
                run("--cap-drop", "ALL", "busybox", "grep", "CapEff", "/proc/self/status"));
        assertEquals("Seccomp:\t2", run("busybox", "grep", "Seccomp:", "/proc/self/status"));
        assertEquals("Seccomp:\t0", run("--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:",
                "/proc/self/status"));
        String privileged = run("--privileged", "busybox", "sh", "-c", "grep CapEff /proc/self/status; ls /dev | wc -l");
        assertTrue(!privileged.contains(DEFAULT_CAPS) && Integer.parseInt(privileged.split("\n")[1].strip()) > 20,
                privileged);
        assertEquals("1", run("--security-opt", "no-new-privileges", "busybox", "sh", "-c",
                "grep NoNewPrivs /proc/self/status | cut -f2"));
    }

    /**
     * This host has neither AppArmor nor SELinux: a profile or label it cannot enforce is refused (Docker would
     * run the container unconfined), asking for no confinement is what it gives.
     */
    @Test
    void appArmorAndSelinuxOptionsTheHostCannotEnforceAreRefused() throws Exception {
        Docker.Result appArmor = docker.run("run", "--rm", "--network", "none", "--security-opt", "apparmor=foo",
                "busybox", "true");
        assertEquals(125, appArmor.exitCode());
        assertTrue(appArmor.err().contains("invalid --security-opt: \"apparmor=foo\": AppArmor is not enabled on "
                + "this host, so the profile cannot be applied"), appArmor.err());
        Docker.Result label = docker.run("create", "--security-opt", "label=level:s0:c100,c200", "busybox");
        assertEquals(1, label.exitCode());
        assertTrue(label.err().contains("invalid --security-opt: \"label=level:s0:c100,c200\": SELinux is not "
                + "enabled on this host, so the label cannot be applied"), label.err());
        assertEquals("", label.out().strip(), "no container was created");
        assertEquals("ok", run("--security-opt", "apparmor=unconfined", "--security-opt", "label=disable",
                "busybox", "echo", "ok"));
        assertEquals("ok", run("--security-opt", "label:disable", "busybox", "echo", "ok"));
    }

    @Test
    void filesystemOptions() throws Exception {
        Docker.Result readOnly = docker.run("run", "--rm", "--network", "none", "--read-only", "busybox", "touch", "/x");
        assertEquals(1, readOnly.exitCode());
        assertTrue(readOnly.err().contains("Read-only file system"), readOnly.err());
        assertTrue(run("--read-only", "--tmpfs", "/scratch", "busybox", "sh", "-c",
                "touch /scratch/x && mount | grep /scratch").startsWith("tmpfs on /scratch type tmpfs"));
        assertTrue(run("--device", "/dev/null:/dev/mynull", "busybox", "ls", "-l", "/dev/mynull").contains("1,   3"));
        assertTrue(run("--init", "busybox", "cat", "/proc/1/cmdline").startsWith("/sbin/docker-init"));
    }

    @Test
    void deviceCgroupRulesOpenTheDeviceCgroup() throws Exception {
        // major 42 is reserved for samples, no driver has it: the cgroup says EPERM, the kernel past it ENXIO
        String open = "mknod /tmp/sample c 42 0 && cat /tmp/sample; "
                + "grep '^c 42:' /sys/fs/cgroup/devices/devices.list";
        Docker.Result denied = docker.run("run", "--rm", "--network", "none", "busybox", "sh", "-c", open);
        assertTrue(denied.err().contains("Operation not permitted"), denied.out() + denied.err());
        Docker.Result allowed = docker.run("run", "--rm", "--network", "none", "--device-cgroup-rule", "c 42:* rm",
                "busybox", "sh", "-c", open);
        assertTrue(allowed.err().contains("No such device or address"), allowed.out() + allowed.err());
        assertEquals("c 42:* rm", allowed.out().strip());
        // the CLI checks the format itself: the daemon's own check, through the API
        byte[] create = "{\"Image\":\"busybox\",\"HostConfig\":{\"DeviceCgroupRules\":[\"c 42:* rwx\"]}}"
                .getBytes(StandardCharsets.UTF_8);
        UnixHttp.Response bad = wharfd.http().send("POST", "/v1.50/containers/create", "application/json", create);
        assertEquals(400, bad.status(), bad.body());
        assertEquals("{\"message\":\"invalid device cgroup rule format: 'c 42:* rwx'\"}", bad.body().strip());
    }

    @Test
    void resourcesAndLimits() throws Exception {
        assertEquals("67108864", run("--memory", "64m", "busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"));
        assertEquals("50", run("--pids-limit", "50", "busybox", "cat", "/sys/fs/cgroup/pids/pids.max"));
        assertEquals("50000", run("--cpus", "0.5", "busybox", "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
        assertEquals("512\n1024", run("--ulimit", "nofile=512:1024", "busybox", "sh", "-c", "ulimit -n; ulimit -Hn"));
        assertEquals("uid=65534(nobody) gid=65534(nobody)", run("-u", "nobody", "busybox", "id"));
    }

    @Test
    void healthChecksAndRestartPolicies() throws Exception {
        docker.run("run", "-d", "--name", "healthy", "--network", "none", "--health-cmd", "test -f /tmp/ok",
                "--health-interval", "500ms", "busybox", "sh", "-c", "sleep 1; touch /tmp/ok; sleep 100").ok();
        assertEquals("starting", docker.run("inspect", "-f", "{{.State.Health.Status}}", "healthy").ok().out().strip());
        awaitOutput(List.of("inspect", "-f", "{{.State.Health.Status}}", "healthy"), "healthy");

        docker.run("run", "-d", "--name", "flaky", "--network", "none", "--restart", "on-failure:2", "busybox",
                "sh", "-c", "exit 1").ok();
        awaitOutput(List.of("inspect", "-f", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", "flaky"),
                "2 exited 1");

        docker.run("run", "-d", "--name", "always", "--network", "none", "--restart", "always", "busybox",
                "sleep", "0.2").ok();
        Thread.sleep(1500);
        int restarts = Integer.parseInt(docker.run("inspect", "-f", "{{.RestartCount}}", "always").ok().out().strip());
        assertTrue(restarts >= 1, "restarts: " + restarts);
        docker.run("stop", "-t", "1", "always").ok();
        assertEquals("exited", docker.run("inspect", "-f", "{{.State.Status}}", "always").ok().out().strip());
    }

    private static void awaitOutput(List<String> args, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = docker.run(args.toArray(new String[0])).ok().out().strip();
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, last);
    }
}
