package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.support.Times;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's State as Docker keeps it, immutable: a reader holds a consistent snapshot without a lock. Every
 * change is one of the named transitions below (moby's SetRunning, SetStopped, SetRestarting,
 * SetRemovalInProgress, SetDead...), each returning the next state and refusing (IllegalStateException) a change
 * the current state does not allow; {@code Container.changeState} is the one place that installs the result. The
 * Status string is derived, as in moby's State.StateString.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class StateRecord {
    @JsonProperty("Running") public final boolean running;
    @JsonProperty("Paused") public final boolean paused;
    @JsonProperty("Restarting") public final boolean restarting;
    @JsonProperty("OOMKilled") public final boolean oomKilled;
    @JsonProperty("RemovalInProgress") public final boolean removalInProgress;
    @JsonProperty("Dead") public final boolean dead;
    @JsonProperty("Pid") public final long pid;
    @JsonProperty("ExitCode") public final int exitCode;
    @JsonProperty("Error") public final String error;
    @JsonProperty("StartedAt") public final String startedAt;
    @JsonProperty("FinishedAt") public final String finishedAt;
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") public final Health health;

    /** A container just created: never started. */
    public StateRecord() {
        this(false, false, false, false, false, false, 0, 0, "", Times.ZERO, Times.ZERO, null);
    }

    @JsonCreator
    public StateRecord(@JsonProperty("Running") boolean running, @JsonProperty("Paused") boolean paused,
                       @JsonProperty("Restarting") boolean restarting, @JsonProperty("OOMKilled") boolean oomKilled,
                       @JsonProperty("RemovalInProgress") boolean removalInProgress,
                       @JsonProperty("Dead") boolean dead, @JsonProperty("Pid") long pid,
                       @JsonProperty("ExitCode") int exitCode, @JsonProperty("Error") String error,
                       @JsonProperty("StartedAt") String startedAt, @JsonProperty("FinishedAt") String finishedAt,
                       @JsonProperty("Health") Health health) {
        this.running = running;
        this.paused = paused;
        this.restarting = restarting;
        this.oomKilled = oomKilled;
        this.removalInProgress = removalInProgress;
        this.dead = dead;
        this.pid = pid;
        this.exitCode = exitCode;
        this.error = error == null ? "" : error;
        this.startedAt = startedAt == null ? Times.ZERO : startedAt;
        this.finishedAt = finishedAt == null ? Times.ZERO : finishedAt;
        this.health = health;
    }

    public String status() {
        if (running) {
            if (paused) {
                return "paused";
            }
            return restarting ? "restarting" : "running";
        }
        if (removalInProgress) {
            return "removing";
        }
        if (dead) {
            return "dead";
        }
        return Times.ZERO.equals(startedAt) ? "created" : "exited";
    }

    // ------------------------------------------------------------------ transitions

    /**
     * The process started (by a client, a restart policy or the daemon's start): a fresh run with no exit yet,
     * a "starting" health when the container has a healthcheck. Refused while a run is live.
     */
    public StateRecord started(long newPid, String at, boolean healthChecked) {
        refuseUnless(!running || restarting, "start a running container");
        return new StateRecord(true, false, false, false, removalInProgress, dead, newPid, 0, "", at, finishedAt,
                healthChecked ? new Health() : null);
    }

    /** A start failed before or while the process started: not running, with the failure's code and message. */
    public StateRecord startFailed(int code, String message) {
        return new StateRecord(false, paused, false, oomKilled, removalInProgress, dead, 0, code, message, startedAt,
                finishedAt, health);
    }

    /**
     * The process exited: its code is recorded, and the container either stays "running" while a restart policy
     * brings it back (moby's SetRestarting) or stops (SetStopped). Refused when no run is recorded.
     */
    public StateRecord exited(int code, boolean oom, String at, boolean willRestart) {
        refuseUnless(running, "record an exit of a container that does not run");
        return new StateRecord(willRestart, false, willRestart, oom, removalInProgress, dead, 0, code, error,
                startedAt, at, health);
    }

    /** A pending policy restart is given up (docker stop, rm -f, a canceled policy): the container stays stopped. */
    public StateRecord restartCanceled() {
        refuseUnless(restarting, "cancel a restart that is not pending");
        return new StateRecord(false, paused, false, oomKilled, removalInProgress, dead, pid, exitCode, error,
                startedAt, finishedAt, health);
    }

    /** docker pause. */
    public StateRecord paused() {
        refuseUnless(running && !paused && !restarting, "pause a container that does not run or is paused");
        return withPaused(true);
    }

    /** docker unpause, or a thaw so that a paused container can act on a signal; nothing changes if not paused. */
    public StateRecord resumed() {
        return paused ? withPaused(false) : this;
    }

    /** A process found running (or frozen) by a daemon that starts: its run goes on under this daemon. */
    public StateRecord adopted(long newPid, boolean frozen, boolean healthChecked) {
        Health keptOrNew = healthChecked && health == null ? new Health() : health;
        return new StateRecord(true, frozen, false, oomKilled, removalInProgress, dead, newPid, exitCode, error,
                startedAt, finishedAt, keptOrNew);
    }

    /**
     * A run recorded as live was found gone or stopped by a daemon that starts; with its process gone without a
     * trace, its exit code is 255 with an error as moby reports it.
     */
    public StateRecord lostWhileDaemonDown(boolean processGone, String at) {
        refuseUnless(running, "lose a run that is not recorded");
        return new StateRecord(false, false, false, oomKilled, removalInProgress, dead, 0,
                processGone ? 255 : exitCode,
                processGone ? "the container's process was lost while the daemon was down" : error, startedAt, at,
                health);
    }

    /** docker rm begins (moby's SetRemovalInProgress): persisted so that a daemon that dies meanwhile finishes it. */
    public StateRecord removalStarted() {
        refuseUnless(!removalInProgress, "start a removal already in progress");
        return withRemoval(true, dead);
    }

    /** The removal could not delete the file system (moby's SetDead): only another rm can go on. */
    public StateRecord removalFailed() {
        refuseUnless(removalInProgress, "fail a removal that is not in progress");
        return withRemoval(false, true);
    }

    /** A daemon that starts clears a removal left in progress before it finishes that removal itself. */
    public StateRecord removalInterrupted() {
        return removalInProgress ? withRemoval(false, dead) : this;
    }

    /** A health probe's result was counted into the live run's health. */
    public StateRecord healthChanged(Health next) {
        refuseUnless(running && health != null, "record health of a container without a live healthcheck");
        return new StateRecord(running, paused, restarting, oomKilled, removalInProgress, dead, pid, exitCode, error,
                startedAt, finishedAt, next);
    }

    private StateRecord withPaused(boolean value) {
        return new StateRecord(running, value, restarting, oomKilled, removalInProgress, dead, pid, exitCode, error,
                startedAt, finishedAt, health);
    }

    private StateRecord withRemoval(boolean inProgress, boolean isDead) {
        return new StateRecord(running, paused, restarting, oomKilled, inProgress, isDead, pid, exitCode, error,
                startedAt, finishedAt, health);
    }

    private void refuseUnless(boolean allowed, String what) {
        if (!allowed) {
            throw new IllegalStateException("cannot " + what + " (state: " + status() + ")");
        }
    }

    /** Docker's State.Health, immutable like the state that holds it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Health {
        public static final String STARTING = "starting";
        public static final String HEALTHY = "healthy";
        public static final String UNHEALTHY = "unhealthy";
        public static final String NONE = "none";

        @JsonProperty("Status") public final String status;
        @JsonProperty("FailingStreak") public final int failingStreak;
        @JsonProperty("Log") public final List<Result> log;

        /** The health of a run that has not been probed yet. */
        public Health() {
            this(STARTING, 0, List.of());
        }

        @JsonCreator
        public Health(@JsonProperty("Status") String status, @JsonProperty("FailingStreak") int failingStreak,
                      @JsonProperty("Log") List<Result> log) {
            this.status = status == null ? STARTING : status;
            this.failingStreak = failingStreak;
            this.log = log == null ? List.of() : List.copyOf(log);
        }

        /**
         * moby's handleProbeResult: the result joins the log (the last {@code maxLog} kept); a success makes the
         * container healthy, a failure that counts (not in the start period) lengthens the streak and makes it
         * unhealthy at {@code retries}.
         */
        public Health afterProbe(Result result, boolean failureCounts, int retries, int maxLog) {
            List<Result> kept = new ArrayList<>(log);
            kept.add(result);
            while (kept.size() > maxLog) {
                kept.remove(0);
            }
            if (result.exitCode == 0) {
                return new Health(HEALTHY, 0, kept);
            }
            if (!failureCounts) {
                return new Health(status, failingStreak, kept);
            }
            int streak = failingStreak + 1;
            return new Health(streak >= retries ? UNHEALTHY : status, streak, kept);
        }
    }

    /** One probe's outcome in State.Health.Log. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Result {
        @JsonProperty("Start") public final String start;
        @JsonProperty("End") public final String end;
        @JsonProperty("ExitCode") public final int exitCode;
        @JsonProperty("Output") public final String output;

        @JsonCreator
        public Result(@JsonProperty("Start") String start, @JsonProperty("End") String end,
                      @JsonProperty("ExitCode") int exitCode, @JsonProperty("Output") String output) {
            this.start = start;
            this.end = end;
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
