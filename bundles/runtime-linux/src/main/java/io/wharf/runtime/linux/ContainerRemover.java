package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.archive.DirectoryTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes a container from the runtime and removes every file the driver and conmon kept for it. */
final class ContainerRemover {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRemover.class);

    private final ObjectMapper json;
    private final ExecRootLayout layout;
    private final KnownContainers containers;
    private final ExitWatcher exits;
    private final ConmonMonitors monitors;
    private final RuntimeCli cli;

    ContainerRemover(ObjectMapper json, ExecRootLayout layout, KnownContainers containers, ExitWatcher exits,
                     ConmonMonitors monitors, RuntimeCli cli) {
        this.json = json;
        this.layout = layout;
        this.containers = containers;
        this.exits = exits;
        this.monitors = monitors;
        this.cli = cli;
    }

    void delete(String id) throws IOException {
        KnownContainers.Container c = containers.get(id);
        boolean exited = Files.exists(layout.exitFile(id));
        if (!(exited && c.runtime.isRunc() && destroyStoppedRuncState(c.runtime.stateRoot().resolve(id)))) {
            RuntimeCli.Result result = cli.run(c.runtime, null, false, "delete", "--force", id);
            if (!result.ok() && !RuntimeErrors.isNotFound(result.message())) {
                throw EngineException.system("cannot delete container " + id + ": " + c.runtime.name() + ": "
                        + result.message(), null);
            }
        }
        if (!exited) {
            monitors.awaitMonitorExit(id); // it was killed just now: let conmon record the exit before we clean up
        }
        exits.forget(id);
        containers.forget(id);
        removeFiles(id);
    }

    /** What a daemon killed during a create left behind: no process, no runtime state worth keeping. */
    void deleteLeftovers(String id, OciRuntime runtime) throws IOException {
        containers.forget(id);
        cli.run(runtime, null, false, "delete", "--force", id);
        removeFiles(id);
    }

    /** Removes the container's bundle, its exec and attach sockets and its exit file. */
    void removeFiles(String id) throws IOException {
        Path bundle = layout.bundle(id);
        Path execs = bundle.resolve("exec");
        if (Files.isDirectory(execs)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(execs)) {
                for (Path dir : dirs) {
                    Files.deleteIfExists(layout.socketDir(dir.getFileName().toString()));
                }
            }
        }
        Files.deleteIfExists(layout.socketDir(id));
        Files.deleteIfExists(layout.exitFile(id));
        DirectoryTrees.delete(bundle);
    }

    /**
     * What {@code runc delete} does for a stopped container (remove its empty cgroups, then its state), without
     * spawning runc: on the path of every {@code docker run --rm}. False, with nothing changed beyond removed
     * empty cgroups, when a cgroup still holds processes or anything is unexpected: runc delete --force then does
     * it. The kernel refuses to remove a cgroup that holds a process (EBUSY) or a child cgroup, so no cgroup.procs
     * needs reading first.
     */
    private boolean destroyStoppedRuncState(Path stateDir) {
        try {
            JsonNode state = json.readTree(stateDir.resolve("state.json").toFile());
            for (JsonNode path : state.path("cgroup_paths")) {
                try {
                    Files.delete(Path.of(path.asText())); // rmdir of a cgroup
                } catch (NoSuchFileException alreadyGone) {
                    // listed twice (cpu and cpuacct through their shared mount) or removed already
                }
            }
            try (var paths = Files.walk(stateDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("falling back to runc delete for {}: {}", stateDir, e.toString());
            return false;
        }
    }
}
