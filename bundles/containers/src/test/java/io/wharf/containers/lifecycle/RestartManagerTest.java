package io.wharf.containers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.containers.model.HostConfig.RestartPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartManagerTest {
    private static final Duration QUICK = Duration.ofMillis(50);

    @Test
    void noPolicyNeverRestarts() {
        assertNull(new RestartManager(null, 0).shouldRestart(1, false, QUICK));
        assertNull(new RestartManager(new RestartPolicy("no", 0), 0).shouldRestart(1, false, QUICK));
        assertNull(new RestartManager(new RestartPolicy("", 0), 0).shouldRestart(1, false, QUICK));
    }

    @Test
    void alwaysAndUnlessStoppedRestartUnlessStoppedByHand() {
        for (String policy : new String[] {"always", "unless-stopped"}) {
            assertEquals(RestartManager.INITIAL_DELAY,
                    new RestartManager(new RestartPolicy(policy, 0), 0).shouldRestart(0, false, QUICK));
            assertNull(new RestartManager(new RestartPolicy(policy, 0), 0).shouldRestart(0, true, QUICK));
        }
    }

    @Test
    void onFailureRestartsFailuresUpToTheRetryCount() {
        RestartManager rm = new RestartManager(new RestartPolicy("on-failure", 2), 0);
        assertNull(rm.shouldRestart(0, false, QUICK), "a success is not a failure");
        assertEquals(Duration.ofMillis(200), rm.shouldRestart(1, false, QUICK));
        assertEquals(Duration.ofMillis(400), rm.shouldRestart(1, false, QUICK));
        assertNull(rm.shouldRestart(1, false, QUICK), "two retries were allowed");
        assertNull(new RestartManager(new RestartPolicy("on-failure", 2), 2).shouldRestart(1, false, QUICK),
                "the stored count counts");
        assertEquals(RestartManager.INITIAL_DELAY,
                new RestartManager(new RestartPolicy("on-failure", 0), 99).shouldRestart(1, false, QUICK),
                "zero retries: no limit");
    }

    @Test
    void theDelayDoublesUpToAMinuteAndResetsAfterALongRun() {
        RestartManager rm = new RestartManager(new RestartPolicy("always", 0), 0);
        Duration last = null;
        for (int i = 0; i < 12; i++) {
            last = rm.shouldRestart(1, false, QUICK);
        }
        assertEquals(RestartManager.MAX_DELAY, last);
        assertEquals(RestartManager.INITIAL_DELAY, rm.shouldRestart(1, false, RestartManager.RESET_AFTER));
    }

    @Test
    void aCanceledManagerNeverRestartsAndFollowsAPolicyChange() {
        RestartManager rm = new RestartManager(new RestartPolicy("always", 0), 0);
        rm.setPolicy(new RestartPolicy("no", 0));
        assertNull(rm.shouldRestart(1, false, QUICK));
        rm.setPolicy(new RestartPolicy("always", 0));
        rm.cancel();
        assertNull(rm.shouldRestart(1, false, QUICK));
    }
}
