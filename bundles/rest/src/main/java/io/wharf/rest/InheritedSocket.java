package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.linux.LinuxException;
import io.wharf.linux.SocketActivation;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * {@code -H fd://}: the listening unix socket a service manager passed (systemd's wharf.socket,
 * systemd-socket-activate), as dockerd takes it. Jetty adopts a socket only through
 * {@link System#inheritedChannel()}, which the JDK makes once, from descriptor 0: so one such listener per daemon.
 * Clients that connected before the daemon came up wait in the socket's backlog and are answered.
 */
final class InheritedSocket {
    private InheritedSocket() {
    }

    /** Which passed descriptor {@code listener} names; refuses what the service manager did not pass. */
    static int choose(Listener listener, List<Integer> passed) {
        if (passed.isEmpty()) {
            throw EngineException.invalid("no sockets found via socket activation (LISTEN_FDS, LISTEN_PID): "
                    + "-H fd:// needs a service manager such as systemd to pass them");
        }
        if (listener.port() == Listener.ALL_FDS) {
            if (passed.size() > 1) {
                throw EngineException.invalid("%d sockets were passed but wharfd serves one socket-activated "
                        + "listener: name it with fd://N", passed.size());
            }
            return passed.get(0);
        }
        if (!passed.contains(listener.port())) {
            throw EngineException.invalid("too few sockets passed: fd://%d is not among the passed descriptors %s",
                    listener.port(), passed);
        }
        return listener.port();
    }

    /** A connector serving the socket of descriptor {@code fd} of this process. */
    static UnixDomainServerConnector connector(Server server, Listener listener, ConnectionFactory... factories)
            throws IOException {
        int fd = choose(listener, SocketActivation.listenFds(Map.copyOf(System.getenv()),
                ProcessHandle.current().pid()));
        try {
            SocketActivation.moveToStandardInput(fd);
        } catch (LinuxException e) {
            throw EngineException.invalid("cannot serve -H fd://%d: %s", fd, e.getMessage());
        }
        Channel inherited = System.inheritedChannel();
        if (!(inherited instanceof ServerSocketChannel)) {
            throw EngineException.invalid("cannot serve -H fd://%d: the JDK did not adopt it as a server socket", fd);
        }
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, factories);
        connector.setInheritChannel(true);
        return connector;
    }
}
