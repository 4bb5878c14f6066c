package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shell stands in for runc init: it opens the exec fifo for writing, writes its byte, then "executes". */
class InitStartTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InitStart starter = new InitStart(scheduler);
    @TempDir
    Path state;
    private Path fifo;
    private Process init;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = state.resolve(InitStart.EXEC_FIFO);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    }

    @AfterEach
    void stop() {
        if (init != null) {
            init.destroyForcibly();
        }
        scheduler.shutdownNow();
    }

    @Test
    void releasesTheWaitingInitAndRemovesTheFifo() throws Exception {
        Path started = state.resolve("started");
        init = shell("printf 0 > \"$0\" && touch \"$1\" && sleep 60", fifo.toString(), started.toString());
        assertTrue(starter.start(state, init.pid()));
        assertFalse(Files.exists(fifo), "runc sees a container without its fifo as running");
        for (int i = 0; i < 100 && !Files.exists(started); i++) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(started), "init went on past the fifo");
    }

    @Test
    void anInitThatDiesBeforeOpeningTheFifoIsLeftToRuncWithoutHanging() throws Exception {
        init = shell("sleep 0.3");
        long t = System.nanoTime();
        assertFalse(starter.start(state, init.pid()));
        assertTrue(init.waitFor(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(10));
        assertTrue(Files.exists(fifo), "runc start answers for it, as it always did");
    }

    @Test
    void noFifoOrNoInitIsLeftToRunc() throws Exception {
        init = shell("sleep 60");
        assertFalse(starter.start(state, Integer.MAX_VALUE), "no such process");
        Process done = shell("true");
        done.waitFor();
        assertFalse(starter.start(state, done.pid()), "an init that is gone");
        Files.delete(fifo);
        assertFalse(starter.start(state, init.pid()), "already started: no fifo");
    }

    private static Process shell(String script, String... args) throws Exception {
        String[] command = new String[3 + args.length];
        command[0] = "/bin/sh";
        command[1] = "-c";
        command[2] = script;
        System.arraycopy(args, 0, command, 3, args.length);
        return new ProcessBuilder(command).start();
    }
}
