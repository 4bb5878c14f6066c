package io.wharf.containers.exec;

import io.wharf.api.runtime.ProcessIo;
import java.time.Instant;

/** An exec instance: created, then started once; its exit code is kept for GET /exec/{id}/json. */
public final class ExecInstance {
    private final String id;
    private final String containerId;
    private final ExecConfig config;
    private boolean started;
    private boolean running;
    private Integer exitCode;
    private long pid;
    private Instant finishedAt;
    private volatile ProcessIo io;

    ExecInstance(String id, String containerId, ExecConfig config) {
        this.id = id;
        this.containerId = containerId;
        this.config = config;
    }

    public String id() {
        return id;
    }

    public String containerId() {
        return containerId;
    }

    public ExecConfig config() {
        return config;
    }

    /** Claims the start; false when it was started before. */
    synchronized boolean claimStart() {
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    synchronized boolean started() {
        return started;
    }

    public synchronized boolean running() {
        return running;
    }

    public synchronized Integer exitCode() {
        return exitCode;
    }

    public synchronized long pid() {
        return pid;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    synchronized void markRunning(long processId) {
        running = true;
        pid = processId;
    }

    synchronized void markExited(int code) {
        running = false;
        exitCode = code;
        finishedAt = Instant.now();
        notifyAll();
    }

    /** Waits until the exit is recorded (the CLI inspects the exec right after its stream ends). */
    synchronized boolean awaitExit(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (exitCode == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    ProcessIo io() {
        return io;
    }

    void setIo(ProcessIo value) {
        this.io = value;
    }
}
