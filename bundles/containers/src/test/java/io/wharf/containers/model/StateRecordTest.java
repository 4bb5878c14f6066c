package io.wharf.containers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.Json;
import io.wharf.support.Times;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateRecordTest {
    private static final String T1 = "2026-01-01T00:00:01.000000001Z";
    private static final String T2 = "2026-01-01T00:00:02Z";

    private static StateRecord running() {
        return new StateRecord().started(42, T1, false);
    }

    @Test
    void aNewContainerIsCreated() {
        StateRecord s = new StateRecord();
        assertEquals("created", s.status());
        assertEquals("", s.error);
        assertEquals(Times.ZERO, s.startedAt);
        assertEquals(Times.ZERO, s.finishedAt);
    }

    @Test
    void startedBeginsAFreshRun() {
        StateRecord failed = new StateRecord().startFailed(127, "not found");
        StateRecord s = failed.started(42, T1, true);
        assertTrue(s.running);
        assertEquals(42, s.pid);
        assertEquals(0, s.exitCode);
        assertEquals("", s.error);
        assertEquals(T1, s.startedAt);
        assertEquals(StateRecord.Health.STARTING, s.health.status);
        assertNull(running().health, "no healthcheck, no health");
        assertEquals("running", s.status());
    }

    @Test
    void aLiveRunCannotStartAgainButAPendingRestartCan() {
        assertThrows(IllegalStateException.class, () -> running().started(43, T2, false));
        StateRecord restarting = running().exited(1, false, T2, true);
        assertEquals(43, restarting.started(43, T2, false).pid);
    }

    @Test
    void startFailedStopsWithTheFailure() {
        StateRecord s = running().exited(1, false, T2, true).startFailed(127, "exec: not found");
        assertFalse(s.running);
        assertFalse(s.restarting);
        assertEquals(0, s.pid);
        assertEquals(127, s.exitCode);
        assertEquals("exec: not found", s.error);
        assertEquals("exited", s.status());
        assertEquals("created", new StateRecord().startFailed(127, "x").status(), "never started");
    }

    @Test
    void exitedStopsOrKeepsTheContainerForItsRestart() {
        StateRecord stopped = running().exited(3, true, T2, false);
        assertFalse(stopped.running);
        assertEquals(3, stopped.exitCode);
        assertTrue(stopped.oomKilled);
        assertEquals(0, stopped.pid);
        assertEquals(T2, stopped.finishedAt);
        assertEquals("exited", stopped.status());

        StateRecord restarting = running().exited(3, false, T2, true);
        assertTrue(restarting.running);
        assertTrue(restarting.restarting);
        assertEquals("restarting", restarting.status());
    }

    @Test
    void anExitNeedsARun() {
        assertThrows(IllegalStateException.class, () -> new StateRecord().exited(0, false, T2, false));
        assertThrows(IllegalStateException.class, () -> running().exited(0, false, T2, false)
                .exited(0, false, T2, false));
    }

    @Test
    void restartCanceledOnlyEndsAPendingRestart() {
        StateRecord s = running().exited(3, false, T2, true).restartCanceled();
        assertFalse(s.running);
        assertFalse(s.restarting);
        assertEquals(3, s.exitCode);
        assertThrows(IllegalStateException.class, () -> running().restartCanceled());
        assertThrows(IllegalStateException.class, () -> new StateRecord().restartCanceled());
    }

    @Test
    void pauseNeedsALiveUnpausedRun() {
        StateRecord paused = running().paused();
        assertEquals("paused", paused.status());
        assertThrows(IllegalStateException.class, paused::paused);
        assertThrows(IllegalStateException.class, () -> new StateRecord().paused());
        assertThrows(IllegalStateException.class, () -> running().exited(1, false, T2, true).paused());
        assertEquals("running", paused.resumed().status());
    }

    @Test
    void resumingWhatIsNotPausedChangesNothing() {
        StateRecord s = running();
        assertSame(s, s.resumed());
    }

    @Test
    void adoptedTakesOverARunAndKeepsItsHealth() {
        StateRecord withHealth = new StateRecord().started(1, T1, true);
        StateRecord adopted = withHealth.adopted(77, true, true);
        assertTrue(adopted.running);
        assertTrue(adopted.paused);
        assertEquals(77, adopted.pid);
        assertSame(withHealth.health, adopted.health);
        assertNotNull(new StateRecord().adopted(5, false, true).health);
        assertNull(new StateRecord().adopted(5, false, false).health);
    }

    @Test
    void aRunLostWhileTheDaemonWasDownEndsWith255OnlyWhenGone() {
        StateRecord gone = running().lostWhileDaemonDown(true, T2);
        assertFalse(gone.running);
        assertEquals(255, gone.exitCode);
        assertTrue(gone.error.contains("lost"));
        assertEquals(T2, gone.finishedAt);
        StateRecord stopped = running().lostWhileDaemonDown(false, T2);
        assertEquals(0, stopped.exitCode);
        assertEquals("", stopped.error);
        assertThrows(IllegalStateException.class, () -> new StateRecord().lostWhileDaemonDown(true, T2));
    }

    @Test
    void removalGoesThroughInProgressToGoneOrDead() {
        StateRecord removing = running().exited(0, false, T2, false).removalStarted();
        assertEquals("removing", removing.status());
        assertThrows(IllegalStateException.class, removing::removalStarted);
        StateRecord dead = removing.removalFailed();
        assertEquals("dead", dead.status());
        assertFalse(dead.removalInProgress);
        assertThrows(IllegalStateException.class, dead::removalFailed);
        assertEquals("exited", removing.removalInterrupted().status());
        assertSame(dead, dead.removalInterrupted());
    }

    @Test
    void healthChangesOnlyDuringARunWithAHealthcheck() {
        StateRecord s = new StateRecord().started(1, T1, true);
        StateRecord.Health next = new StateRecord.Health(StateRecord.Health.HEALTHY, 0, List.of());
        assertEquals(StateRecord.Health.HEALTHY, s.healthChanged(next).health.status);
        assertThrows(IllegalStateException.class, () -> running().healthChanged(next));
        assertThrows(IllegalStateException.class, () -> s.exited(0, false, T2, false).healthChanged(next));
    }

    @Test
    void probesMakeHealthyAndUnhealthyAndKeepTheLastResults() {
        StateRecord.Health h = new StateRecord.Health();
        StateRecord.Result fail = new StateRecord.Result(T1, T2, 1, "no");
        StateRecord.Result ok = new StateRecord.Result(T1, T2, 0, "yes");
        h = h.afterProbe(fail, false, 2, 5);
        assertEquals(StateRecord.Health.STARTING, h.status, "a failure in the start period does not count");
        assertEquals(0, h.failingStreak);
        h = h.afterProbe(fail, true, 2, 5);
        assertEquals(StateRecord.Health.STARTING, h.status);
        h = h.afterProbe(fail, true, 2, 5);
        assertEquals(StateRecord.Health.UNHEALTHY, h.status);
        assertEquals(2, h.failingStreak);
        h = h.afterProbe(ok, true, 2, 3);
        assertEquals(StateRecord.Health.HEALTHY, h.status);
        assertEquals(0, h.failingStreak);
        assertEquals(3, h.log.size(), "only the last results are kept");
        assertSame(ok, h.log.get(2));
    }

    @Test
    void theStoredShapeReadsBackUnchanged() throws Exception {
        StateRecord s = new StateRecord().started(9, T1, true).exited(3, true, T2, false);
        s = new StateRecord(s.running, s.paused, s.restarting, s.oomKilled, s.removalInProgress, s.dead, s.pid,
                s.exitCode, s.error, s.startedAt, s.finishedAt,
                s.health.afterProbe(new StateRecord.Result(T1, T2, 0, "fine"), true, 3, 5));
        String json = new String(Json.bytes(s), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"Running\":false,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":true,"
                + "\"RemovalInProgress\":false,\"Dead\":false,\"Pid\":0,\"ExitCode\":3,\"Error\":\"\","), json);
        StateRecord back = Json.MAPPER.readValue(json, StateRecord.class);
        assertEquals(json, new String(Json.bytes(back), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("exited", back.status());
        assertEquals("fine", back.health.log.get(0).output);
    }

    @Test
    void aStoredStateWithoutOptionalFieldsGetsDockersDefaults() throws Exception {
        StateRecord s = Json.MAPPER.readValue("{\"Running\":true,\"Pid\":5}", StateRecord.class);
        assertTrue(s.running);
        assertEquals("", s.error);
        assertEquals(Times.ZERO, s.startedAt);
        assertNull(s.health);
        assertFalse(new String(Json.bytes(new StateRecord()), java.nio.charset.StandardCharsets.UTF_8)
                .contains("Health"), "no Health key without a healthcheck");
    }
}
