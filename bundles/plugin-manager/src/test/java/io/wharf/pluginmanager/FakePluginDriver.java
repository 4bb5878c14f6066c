package io.wharf.pluginmanager;

import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An execution driver for the Docker plugin tests: keeps each container's state, and on start creates the socket a
 * plugin would (a plain file: only its existence is awaited) unless told the plugin exits first. It answers the
 * lifecycle methods the plugin manager uses; any other is a test failure.
 */
final class FakePluginDriver {
    final Map<String, ContainerStatus.State> states = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<ContainerSpec> specs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path socketsRoot;
    private final String socketName;
    boolean exitsBeforeItsSocket;
    /** When set, a start waits for it: a plugin slow to come up. */
    volatile java.util.concurrent.CountDownLatch startGate;

    FakePluginDriver(Path socketsRoot, String socketName) {
        this.socketsRoot = socketsRoot;
        this.socketName = socketName;
    }

    ExecutionDriver driver() {
        return (ExecutionDriver) Proxy.newProxyInstance(ExecutionDriver.class.getClassLoader(),
                new Class<?>[] {ExecutionDriver.class}, (proxy, method, args) -> {
                    try {
                        return FakePluginDriver.class.getDeclaredMethod(method.getName(), method.getParameterTypes())
                                .invoke(this, args);
                    } catch (NoSuchMethodException e) {
                        throw new UnsupportedOperationException("the plugin manager called " + method);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    void create(ContainerSpec spec) {
        calls.add("create " + spec.id());
        specs.add(spec);
        states.put(spec.id(), ContainerStatus.State.CREATED);
    }

    void start(String id) throws IOException, InterruptedException {
        calls.add("start " + id);
        java.util.concurrent.CountDownLatch gate = startGate;
        if (gate != null) {
            gate.await(); // a plugin slow to come up
        }
        if (exitsBeforeItsSocket) {
            states.put(id, ContainerStatus.State.STOPPED);
            return;
        }
        states.put(id, ContainerStatus.State.RUNNING);
        Path socket = socketsRoot.resolve(id.substring(0, 12)).resolve(socketName);
        // a real socket file (the manager refuses anything else); closing the channel leaves the file
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
        }
    }

    ContainerStatus status(String id) {
        ContainerStatus.State state = states.getOrDefault(id, ContainerStatus.State.GONE);
        return new ContainerStatus(state, 1, state == ContainerStatus.State.STOPPED ? 1 : null, false);
    }

    void kill(String id, int signal) {
        calls.add("kill " + signal + " " + id);
        states.put(id, ContainerStatus.State.STOPPED);
    }

    CompletableFuture<ExitStatus> awaitExit(String id) {
        return CompletableFuture.completedFuture(new ExitStatus(1, false, Instant.now()));
    }

    void delete(String id) {
        calls.add("delete " + id);
        states.remove(id);
    }
}
