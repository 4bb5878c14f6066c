package io.wharf.containers.rest;

import io.wharf.containers.model.StateRecord;
import io.wharf.support.HumanDuration;
import io.wharf.support.Times;
import java.time.Duration;
import java.time.Instant;

/** moby's State.String, the list's Status column: "Up 3 seconds (healthy)", "Exited (0) 2 minutes ago". */
final class StatusText {
    private StatusText() {
    }

    static String of(StateRecord s, Instant now) {
        if (s.running) {
            Instant started = Times.parseRfc3339(s.startedAt);
            String up = HumanDuration.of(started == null ? Duration.ZERO : Duration.between(started, now));
            if (s.paused) {
                return "Up " + up + " (Paused)";
            }
            if (s.restarting) {
                Instant finished = Times.parseRfc3339(s.finishedAt);
                return "Restarting (" + s.exitCode + ") " + HumanDuration.of(finished == null ? Duration.ZERO
                        : Duration.between(finished, now)) + " ago";
            }
            if (s.health != null) {
                String h = StateRecord.Health.STARTING.equals(s.health.status) ? "health: starting"
                        : s.health.status;
                return "Up " + up + " (" + h + ")";
            }
            return "Up " + up;
        }
        if (s.removalInProgress) {
            return "Removal In Progress";
        }
        if (s.dead) {
            return "Dead";
        }
        if (Times.ZERO.equals(s.startedAt)) {
            return "Created";
        }
        Instant finished = Times.parseRfc3339(s.finishedAt);
        if (finished == null) {
            return "";
        }
        return "Exited (" + s.exitCode + ") " + HumanDuration.of(Duration.between(finished, now)) + " ago";
    }
}
