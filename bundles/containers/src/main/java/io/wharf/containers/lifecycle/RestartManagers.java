package io.wharf.containers.lifecycle;

import io.wharf.containers.model.HostConfig.RestartPolicy;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The restart manager of each container (made on first need from its policy and count) and pending restarts. */
final class RestartManagers {
    private final Map<String, RestartManager> managers = new ConcurrentHashMap<>();
    private final Persister persister;

    RestartManagers(Persister persister) {
        this.persister = persister;
    }

    RestartManager of(Container c) {
        return managers.computeIfAbsent(c.id(), id -> {
            synchronized (c) {
                return new RestartManager(c.hostConfig().restartPolicy, c.record().restartCount());
            }
        });
    }

    /** A manual start begins a new count: the old manager (and any restart it planned) is dropped. */
    void reset(Container c) {
        RestartManager old = managers.remove(c.id());
        if (old != null) {
            old.cancel();
        }
    }

    void forget(Container c) {
        managers.remove(c.id());
    }

    /** docker update changed the policy: a manager already made follows it. */
    void policyChanged(Container c, RestartPolicy policy) {
        RestartManager rm = managers.get(c.id());
        if (rm != null) {
            rm.setPolicy(policy);
        }
    }

    /** Ends a pending restart: the container stays stopped. False when none was pending. */
    boolean endPendingRestart(Container c) {
        synchronized (c) {
            if (!c.state().restarting) {
                return false;
            }
            c.changeState(StateRecord::restartCanceled);
        }
        persister.persistQuietly(c);
        c.notifyStopped();
        return true;
    }
}
