package io.wharf.containers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.containers.model.HostConfig.RestartPolicy;
import io.wharf.containers.model.StateRecord;
import org.junit.jupiter.api.Test;

/** The daemon-start decision: which stopped containers their restart policy brings back. */
class ReconcilerTest {
    private static final String T = "2026-01-01T00:00:00Z";
    private static final StateRecord FAILED = new StateRecord().started(1, T, false).exited(1, false, T, false);
    private static final StateRecord SUCCEEDED = new StateRecord().started(1, T, false).exited(0, false, T, false);

    private static boolean starts(StateRecord s, boolean startedBefore, boolean manuallyStopped, int restarts,
                                  RestartPolicy policy) {
        return Reconciler.shouldStartOnDaemonStart(s, startedBefore, manuallyStopped, restarts, policy);
    }

    @Test
    void alwaysStartsWhatRanBefore() {
        RestartPolicy always = new RestartPolicy("always", 0);
        assertTrue(starts(SUCCEEDED, true, true, 0, always), "even after docker stop, as moby");
        assertFalse(starts(new StateRecord(), false, false, 0, always), "never started: stays created");
        assertFalse(starts(new StateRecord().started(1, T, false), true, false, 0, always), "adopted: runs");
    }

    @Test
    void unlessStoppedRespectsADockerStop() {
        RestartPolicy unlessStopped = new RestartPolicy("unless-stopped", 0);
        assertTrue(starts(SUCCEEDED, true, false, 0, unlessStopped));
        assertFalse(starts(SUCCEEDED, true, true, 0, unlessStopped));
    }

    @Test
    void onFailureStartsFailuresWithinTheRetryCount() {
        RestartPolicy onFailure = new RestartPolicy("on-failure", 3);
        assertTrue(starts(FAILED, true, false, 2, onFailure));
        assertFalse(starts(FAILED, true, false, 3, onFailure));
        assertFalse(starts(SUCCEEDED, true, false, 0, onFailure));
        assertFalse(starts(FAILED, true, true, 0, onFailure));
        assertTrue(starts(FAILED, true, false, 50, new RestartPolicy("on-failure", 0)));
    }

    @Test
    void noPolicyStartsNothing() {
        assertFalse(starts(FAILED, true, false, 0, null));
        assertFalse(starts(FAILED, true, false, 0, new RestartPolicy("no", 0)));
    }
}
