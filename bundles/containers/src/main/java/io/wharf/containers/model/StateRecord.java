package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.support.Times;
import java.util.ArrayList;
import java.util.List;

/** A container's State as Docker keeps it; the Status string is derived, as in moby's State.StateString. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class StateRecord {
    @JsonProperty("Running") public boolean running;
    @JsonProperty("Paused") public boolean paused;
    @JsonProperty("Restarting") public boolean restarting;
    @JsonProperty("OOMKilled") public boolean oomKilled;
    @JsonProperty("RemovalInProgress") public boolean removalInProgress;
    @JsonProperty("Dead") public boolean dead;
    @JsonProperty("Pid") public long pid;
    @JsonProperty("ExitCode") public int exitCode;
    @JsonProperty("Error") public String error = "";
    @JsonProperty("StartedAt") public String startedAt = Times.ZERO;
    @JsonProperty("FinishedAt") public String finishedAt = Times.ZERO;
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") public Health health;

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

    /** Docker's State.Health. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Health {
        public static final String STARTING = "starting";
        public static final String HEALTHY = "healthy";
        public static final String UNHEALTHY = "unhealthy";
        public static final String NONE = "none";

        @JsonProperty("Status") public String status = STARTING;
        @JsonProperty("FailingStreak") public int failingStreak;
        @JsonProperty("Log") public List<Result> log = new ArrayList<>();
    }

    /** One probe's outcome in State.Health.Log. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Result {
        @JsonProperty("Start") public String start;
        @JsonProperty("End") public String end;
        @JsonProperty("ExitCode") public int exitCode;
        @JsonProperty("Output") public String output;

        public Result() {
        }

        public Result(String start, String end, int exitCode, String output) {
            this.start = start;
            this.end = end;
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
