package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker CLI's detach keys on a real terminal (tmux): {@code run -it}, {@code attach} and {@code exec -it} end
 * on ctrl-p ctrl-q or on their {@code --detach-keys} and the container keeps running; the CLI exits 0 after run and
 * attach, and 1 with "read escape sequence" after exec, as it does against Debian's dockerd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetachKeysEndToEndIT {
    @TempDir
    static Path work;
    private Wharfd wharfd;
    private Docker docker;

    @BeforeAll
    void start() throws Exception {
        wharfd = new Wharfd("detach-keys").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @AfterAll
    void stop() throws Exception {
        if (wharfd != null) {
            docker.run("rm", "-f", "tty1", "tty2");
            wharfd.close();
        }
    }

    /** The CLI against a daemon, as a shell line for the terminal. */
    private static String cli(Path socket, String args) {
        return "DOCKER_CONFIG=" + work.resolve("docker-config") + " " + Docker.binary() + " -H unix://" + socket
                + " " + args;
    }

    private Tmux terminal(String name, String args) throws Exception {
        return terminal(name, wharfd.socket, args);
    }

    private static Tmux terminal(String name, Path socket, String args) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        return Tmux.start(dir, cli(socket, args));
    }

    /**
     * The CLI's own words for a detached {@code exec -it}: its exec command returns the escape error it read
     * (exit 1), where run and attach swallow it, against dockerd as against Wharf
     * ({@link #execDetachEndsTheCliAsOnDockerd} shows it on Debian's dockerd).
     */
    private static void assertDetachedExec(Tmux exec) throws Exception {
        String screen = exec.await(s -> s.contains("EXITED"));
        assertTrue(screen.contains("read escape sequence\nEXITED 1"), screen);
    }

    private void assertRunning(String container) throws Exception {
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", container).ok().out().strip(),
                container + " must keep running after the client detached");
    }

    @Test
    void runAttachAndExecDetachOnCtrlPCtrlQ() throws Exception {
        try (Tmux run = terminal("run", "run -it --name tty1 --network none busybox sh")) {
            run.type("echo typed-in-run");
            run.await(s -> s.contains("\ntyped-in-run"));
            run.keys("C-p", "C-q");
            String screen = run.await(s -> s.contains("EXITED"));
            assertTrue(screen.contains("EXITED 0"), screen);
        }
        assertRunning("tty1");

        try (Tmux attach = terminal("attach", "attach tty1")) {
            attach.type("echo typed-in-attach");
            attach.await(s -> s.contains("\ntyped-in-attach"));
            attach.keys("C-p", "C-q");
            String screen = attach.await(s -> s.contains("EXITED"));
            assertTrue(screen.contains("EXITED") && !screen.contains("Error"), screen);
        }
        assertRunning("tty1");

        try (Tmux exec = terminal("exec", "exec -it tty1 sh")) {
            exec.type("echo typed-in-exec | tee /from-exec");
            exec.await(s -> s.contains("\ntyped-in-exec"));
            exec.keys("C-p", "C-q");
            assertDetachedExec(exec);
        }
        assertRunning("tty1");
        assertEquals("typed-in-exec", docker.run("exec", "tty1", "cat", "/from-exec").ok().out().strip());
    }

    @Test
    void detachKeysOfTheCommandLineReplaceTheDefault() throws Exception {
        try (Tmux run = terminal("run-keys", "run -it --detach-keys ctrl-x,x --name tty2 --network none busybox sh")) {
            run.type("echo first");
            run.await(s -> s.contains("\nfirst"));
            run.keys("C-p", "C-q"); // not this session's keys: the shell gets them and the CLI stays attached
            run.keys("C-c"); // a fresh prompt: ctrl-p recalled the last line in the shell's line editor
            run.type("echo still-attached");
            String attached = run.await(s -> s.contains("\nstill-attached"));
            assertTrue(!attached.contains("EXITED"), attached);
            run.keys("C-x", "x");
            String screen = run.await(s -> s.contains("EXITED"));
            assertTrue(screen.contains("EXITED 0"), screen);
        }
        assertRunning("tty2");

        try (Tmux exec = terminal("exec-keys", "exec -it --detach-keys ctrl-a,a tty2 sh")) {
            exec.type("echo in-exec");
            exec.await(s -> s.contains("\nin-exec"));
            exec.keys("C-a", "a");
            assertDetachedExec(exec);
        }
        assertRunning("tty2");
    }

    /**
     * The same {@code exec -it} detach, default and --detach-keys, against Debian's dockerd 20.10 on private
     * paths: the CLI prints "read escape sequence" and exits 1 there too, so Wharf's identical ending is the CLI's
     * own behaviour, not the engine's.
     */
    @Test
    void execDetachEndsTheCliAsOnDockerd() throws Exception {
        try (TestDockerd dockerd = TestDockerd.start("detach")) {
            Docker reference = dockerd.docker();
            reference.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                    "busybox:latest").ok();
            reference.run("run", "-d", "-it", "--name", "ref", "--network", "none", "busybox", "sh").ok();
            try (Tmux exec = terminal("dockerd-exec", dockerd.socket, "exec -it ref sh")) {
                exec.type("echo typed-on-dockerd");
                exec.await(s -> s.contains("\ntyped-on-dockerd"));
                exec.keys("C-p", "C-q");
                assertDetachedExec(exec);
            }
            try (Tmux exec = terminal("dockerd-exec-keys", dockerd.socket, "exec -it --detach-keys ctrl-a,a ref sh")) {
                exec.type("echo keys-on-dockerd");
                exec.await(s -> s.contains("\nkeys-on-dockerd"));
                exec.keys("C-a", "a");
                assertDetachedExec(exec);
            }
            assertEquals("true", reference.run("inspect", "-f", "{{.State.Running}}", "ref").ok().out().strip());
            reference.run("rm", "-f", "ref").ok();
        }
    }
}
