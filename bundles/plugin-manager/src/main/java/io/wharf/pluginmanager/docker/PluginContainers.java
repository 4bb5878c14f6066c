package io.wharf.pluginmanager.docker;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.PluginSockets;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.archive.DirectoryTrees;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Docker plugins as containers of the execution driver, outside the container engine's list (the plugin id
 * is the container id): share its propagated mount on the host, start, wait for the socket the config names, hand
 * it to the protocol adapters through {@link PluginSockets}; stop in the reverse order. A plugin still running
 * after a daemon restart is adopted.
 */
public final class PluginContainers {
    private static final Logger LOG = LoggerFactory.getLogger(PluginContainers.class);
    private static final long SOCKET_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private final Supplier<ExecutionDriver> drivers;
    private final PluginSockets sockets;
    private final Path socketsRoot;
    private final PropagatedMounts propagatedMounts;

    /** What the manager knows of one plugin: its id, the driver name it is offered under, config and files. */
    public record Plugin(String id, String driverName, PluginConfig config, PluginSpecs.HostPaths paths) {
    }

    /** @param socketsRoot where each plugin gets its socket directory ({@code <exec-root>/plugins}) */
    public PluginContainers(Supplier<ExecutionDriver> drivers, PluginSockets sockets, Path socketsRoot,
                            PropagatedMounts propagatedMounts) {
        this.drivers = drivers;
        this.sockets = sockets;
        this.socketsRoot = socketsRoot;
        this.propagatedMounts = propagatedMounts;
    }

    /** The socket directory of a plugin: short, since a unix socket's path is at most 107 bytes. */
    public Path socketDir(String id) {
        return socketsRoot.resolve(id.substring(0, 12));
    }

    /**
     * Starts the plugin (what an earlier run left is removed first, its mounts too), waits for its socket and
     * registers it; on failure nothing is left running or mounted and the error says what the plugin printed.
     */
    public void start(Plugin plugin, PluginSpecs.Settings settings) throws IOException {
        ExecutionDriver driver = driver();
        removeContainer(driver, plugin.id());
        Path socketDir = socketDir(plugin.id());
        Files.createDirectories(socketDir);
        Files.deleteIfExists(socket(plugin));
        DirectoryTrees.delete(plugin.paths().loggingDir()); // FIFOs of an earlier run are read by no one
        Files.createDirectories(plugin.paths().loggingDir());
        Files.createDirectories(plugin.paths().propagatedMount());
        propagatedMounts.release(plugin.paths().propagatedMount());
        try {
            if (!plugin.config().propagatedMount().isEmpty()) {
                propagatedMounts.share(plugin.paths().propagatedMount());
            }
            driver.create(PluginSpecs.of(plugin.id(), plugin.config(), plugin.paths(), settings));
            driver.start(plugin.id());
            awaitSocket(driver, plugin);
            register(plugin);
        } catch (IOException | RuntimeException e) {
            String output = outputTail(plugin.paths().logPath());
            removeContainer(driver, plugin.id());
            propagatedMounts.release(plugin.paths().propagatedMount());
            throw EngineException.invalid("plugin %s failed to start: %s%s", plugin.driverName(), e.getMessage(),
                    output.isEmpty() ? "" : " (its output: " + output + ")");
        }
    }

    /** After a daemon restart: the plugin's container if it still runs and answers, else a new start. */
    public void restore(Plugin plugin, PluginSpecs.Settings settings) throws IOException {
        ExecutionDriver driver = driver();
        if (driver.status(plugin.id()).state() == ContainerStatus.State.RUNNING && Files.exists(socket(plugin))) {
            try {
                register(plugin);
                LOG.info("plugin {} adopted: its container ran on", plugin.driverName());
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("plugin {} runs but does not answer ({}): starting it again", plugin.driverName(),
                        e.getMessage());
            }
        }
        start(plugin, settings);
    }

    /**
     * Takes the plugin from the adapters, then stops its container (SIGTERM, SIGKILL after 10 s), removes it and
     * unmounts its propagated mount with what it left mounted there.
     */
    public void stop(Plugin plugin) throws IOException {
        sockets.unregister(plugin.driverName());
        removeContainer(driver(), plugin.id());
        propagatedMounts.release(plugin.paths().propagatedMount());
        for (Path dir : List.of(socketDir(plugin.id()), plugin.paths().loggingDir())) {
            try {
                DirectoryTrees.delete(dir); // the plugin wrote in the socket directory: links are removed, not followed
            } catch (IOException e) {
                LOG.warn("plugin {}: {} is left: {}", plugin.driverName(), dir, e.toString());
            }
        }
    }

    /**
     * Before the plugin's files are deleted: refused while anything stays mounted in its propagated mount, since
     * the delete would walk into it (and could empty a remote file system the plugin mounted there).
     */
    public void releaseForRemoval(Plugin plugin) {
        if (!propagatedMounts.release(plugin.paths().propagatedMount())) {
            throw EngineException.conflict("plugin %s: something is still mounted in %s, its files are kept",
                    plugin.driverName(), plugin.paths().propagatedMount());
        }
    }

    private void register(Plugin plugin) throws IOException {
        checkIsSocket(socket(plugin));
        sockets.register(plugin.driverName(), socket(plugin),
                path -> PluginSpecs.hostPath(plugin.driverName(), plugin.config(), plugin.paths(), path));
    }

    /** The plugin made its socket file: a link there could point wharfd at any socket (its own API's). */
    static void checkIsSocket(Path socket) throws IOException {
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & LinuxFs.S_IFMT) != LinuxFs.S_IFSOCK) {
            throw new IOException(socket.getFileName() + " is not a unix socket"
                    + (Files.isSymbolicLink(socket) ? " but a symbolic link" : ""));
        }
    }

    private Path socket(Plugin plugin) {
        String name = plugin.config().pluginInterface().socket();
        return socketDir(plugin.id()).resolve(name);
    }

    private void awaitSocket(ExecutionDriver driver, Plugin plugin) throws IOException {
        Path socket = socket(plugin);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SOCKET_TIMEOUT_MILLIS);
        while (!Files.exists(socket)) {
            ContainerStatus status = driver.status(plugin.id());
            if (status.state() == ContainerStatus.State.STOPPED || status.state() == ContainerStatus.State.GONE) {
                throw new IOException("it exited (code " + status.exitCode() + ") before creating its socket "
                        + plugin.config().pluginInterface().socket());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("its socket " + plugin.config().pluginInterface().socket()
                        + " did not appear within " + SOCKET_TIMEOUT_MILLIS / 1000 + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the plugin's socket", e);
            }
        }
    }

    /** Kills and deletes the container when the driver knows it; what is already gone is no error. */
    private static void removeContainer(ExecutionDriver driver, String id) throws IOException {
        ContainerStatus.State state = driver.status(id).state();
        if (state == ContainerStatus.State.GONE) {
            return;
        }
        if (state == ContainerStatus.State.RUNNING || state == ContainerStatus.State.PAUSED) {
            signalAndWait(driver, id, 15, STOP_TIMEOUT_SECONDS);
            if (driver.status(id).state() != ContainerStatus.State.STOPPED) {
                signalAndWait(driver, id, 9, STOP_TIMEOUT_SECONDS);
            }
        }
        driver.delete(id);
    }

    private static void signalAndWait(ExecutionDriver driver, String id, int signal, long seconds)
            throws IOException {
        try {
            driver.kill(id, signal);
            driver.awaitExit(id).toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("plugin container {} did not exit within {} s of signal {}", id, seconds, signal);
        } catch (ExecutionException | EngineException e) {
            LOG.debug("plugin container {}: {}", id, e.toString()); // it exited meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping plugin container " + id, e);
        }
    }

    /** The last lines the plugin printed (its log is the monitor's CRI format: time, stream, tag, text). */
    private static String outputTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream()
                    .map(l -> l.split(" ", 4).length == 4 ? l.split(" ", 4)[3] : l).toList());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private ExecutionDriver driver() {
        ExecutionDriver driver = drivers.get();
        if (driver == null) {
            throw EngineException.unavailable("no execution driver is running: Docker plugins run as containers");
        }
        return driver;
    }
}
