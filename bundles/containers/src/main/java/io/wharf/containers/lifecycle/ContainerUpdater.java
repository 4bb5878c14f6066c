package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.create.HostConfigValidator;
import io.wharf.containers.create.SpecBuilder;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.support.Json;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * docker update (moby's update.go): resource limits, applied live to a running container, and the restart
 * policy; and docker rm --link, which changes the HostConfig too. A change that cannot be saved is taken back, in
 * the runtime too.
 */
final class ContainerUpdater {
    private final ExecutionDriver driver;
    private final Events events;
    private final HostConfigValidator validator;
    private final Persister persister;
    private final RestartManagers restartManagers;

    ContainerUpdater(ExecutionDriver driver, Events events, HostConfigValidator validator, Persister persister,
                     RestartManagers restartManagers) {
        this.driver = driver;
        this.events = events;
        this.validator = validator;
        this.persister = persister;
        this.restartManagers = restartManagers;
    }

    /**
     * Drops the links of {@code alias} from the parent's HostConfig and saves it (moby's rmLink; a running parent
     * keeps what its start gave it: hosts entries and variables).
     */
    void removeLink(Container parent, String alias) {
        parent.operationLock().lock();
        try {
            HostConfig hc = parent.hostConfig();
            List<String> kept = hc.links == null ? List.of() : hc.links.stream()
                    .filter(spec -> Links.parse(List.of(spec)).stream().noneMatch(l -> l.alias().equals(alias)))
                    .toList();
            if (hc.links == null || kept.size() == hc.links.size()) {
                throw EngineException.notFound("No such container: %s/%s", parent.record().name().substring(1), alias);
            }
            HostConfig changed = Json.MAPPER.convertValue(hc, HostConfig.class);
            changed.links = kept.isEmpty() ? null : kept;
            parent.setHostConfig(changed);
            try {
                persister.persist(parent);
            } catch (EngineException e) {
                parent.setHostConfig(hc);
                throw e;
            }
        } finally {
            parent.operationLock().unlock();
        }
    }

    List<String> update(Container c, HostConfig changes, Set<String> fields) {
        c.operationLock().lock();
        try {
            HostConfig hc = c.hostConfig();
            HostConfig merged = Json.MAPPER.convertValue(hc, HostConfig.class);
            applyResourceChanges(merged, changes, fields);
            if (fields.contains("RestartPolicy") && changes.restartPolicy != null) {
                if (hc.autoRemove && !changes.restartPolicy.isNone()) {
                    throw EngineException.invalid("Restart policy cannot be updated because AutoRemove is enabled "
                            + "for the container");
                }
                HostConfigValidator.validateRestartPolicy(changes.restartPolicy, false);
                merged.restartPolicy = changes.restartPolicy;
                if (merged.restartPolicy.name == null || merged.restartPolicy.name.isEmpty()) {
                    merged.restartPolicy.name = "no";
                }
            }
            List<String> warnings = validator.validateResources(merged);
            if (c.isRunning()) {
                try {
                    driver.update(c.id(), SpecBuilder.resources(merged));
                } catch (IOException e) {
                    throw EngineException.system("Cannot update container " + c.id() + ": " + e.getMessage(), e);
                }
            }
            c.setHostConfig(merged);
            try {
                persister.persist(c);
            } catch (EngineException e) {
                c.setHostConfig(hc);
                if (c.isRunning()) {
                    try {
                        driver.update(c.id(), SpecBuilder.resources(hc)); // the limits it had, as stored
                    } catch (IOException | RuntimeException revertFailed) {
                        e.addSuppressed(revertFailed);
                    }
                }
                throw e;
            }
            restartManagers.policyChanged(c, merged.restartPolicy);
            events.container(c, "update");
            return warnings;
        } finally {
            c.operationLock().unlock();
        }
    }

    /** Copies the fields the request named; moby moves the swap limit along with a memory limit above it. */
    static void applyResourceChanges(HostConfig target, HostConfig changes, Set<String> fields) {
        if (fields.contains("CpuShares")) {
            target.cpuShares = changes.cpuShares;
        }
        if (fields.contains("Memory")) {
            target.memory = changes.memory;
        }
        if (fields.contains("NanoCpus")) {
            target.nanoCpus = changes.nanoCpus;
        }
        if (fields.contains("CpuPeriod")) {
            target.cpuPeriod = changes.cpuPeriod;
        }
        if (fields.contains("CpuQuota")) {
            target.cpuQuota = changes.cpuQuota;
        }
        if (fields.contains("CpusetCpus")) {
            target.cpusetCpus = changes.cpusetCpus;
        }
        if (fields.contains("CpusetMems")) {
            target.cpusetMems = changes.cpusetMems;
        }
        if (fields.contains("MemoryReservation")) {
            target.memoryReservation = changes.memoryReservation;
        }
        if (fields.contains("MemorySwap")) {
            target.memorySwap = changes.memorySwap;
        }
        if (fields.contains("PidsLimit")) {
            target.pidsLimit = changes.pidsLimit;
        }
        if (fields.contains("BlkioWeight")) {
            target.blkioWeight = changes.blkioWeight;
        }
        if (fields.contains("CpuRealtimePeriod")) {
            target.cpuRealtimePeriod = changes.cpuRealtimePeriod;
        }
        if (fields.contains("CpuRealtimeRuntime")) {
            target.cpuRealtimeRuntime = changes.cpuRealtimeRuntime;
        }
        if (fields.contains("Memory") && !fields.contains("MemorySwap") && target.memorySwap > 0
                && target.memory > target.memorySwap) {
            target.memorySwap = target.memory;
        }
    }
}
