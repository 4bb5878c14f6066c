package io.wharf.containers.lifecycle;

import io.wharf.containers.model.HostConfig.RestartPolicy;
import java.time.Duration;

/**
 * moby's restartmanager: decides whether an exited container restarts and after which delay. The delay starts
 * at 100 ms and doubles with each quick failure up to a minute; a run of 10 s or more resets it.
 */
public final class RestartManager {
    static final Duration INITIAL_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private RestartPolicy policy;
    private int restartCount;
    private Duration delay = Duration.ZERO;
    private boolean canceled;

    public RestartManager(RestartPolicy policy, int restartCount) {
        this.policy = policy;
        this.restartCount = restartCount;
    }

    public synchronized void setPolicy(RestartPolicy value) {
        this.policy = value;
    }

    /** Stops any further restart (docker stop, kill with the stop signal, rm -f). */
    public synchronized void cancel() {
        canceled = true;
    }

    public synchronized boolean canceled() {
        return canceled;
    }

    /** The delay before the restart, or null when the container stays stopped. */
    public synchronized Duration shouldRestart(int exitCode, boolean manuallyStopped, Duration ranFor) {
        if (policy == null || policy.isNone() || canceled) {
            return null;
        }
        if (ranFor.compareTo(RESET_AFTER) >= 0) {
            delay = Duration.ZERO;
        }
        if (delay.isZero()) {
            delay = INITIAL_DELAY;
        } else if (delay.compareTo(MAX_DELAY) < 0) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        boolean restart = switch (policy.name) {
            case "always" -> !manuallyStopped;
            case "unless-stopped" -> !manuallyStopped;
            case "on-failure" -> exitCode != 0
                    && (policy.maximumRetryCount == 0 || restartCount < policy.maximumRetryCount);
            default -> false;
        };
        if (!restart) {
            return null;
        }
        restartCount++;
        return delay;
    }
}
