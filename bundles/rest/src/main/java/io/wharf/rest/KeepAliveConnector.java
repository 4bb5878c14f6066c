package io.wharf.rest;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connector whose accepted connections send keepalive probes, so that a client host that vanished without
 * closing its connections (a long stream of a remote client, over TLS) is noticed after about a minute and a half
 * rather than never. The probe timing is Go's default for dockerd's listeners (15 s), where the JDK offers it.
 */
final class KeepAliveConnector extends ServerConnector {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAliveConnector.class);
    static final int IDLE_SECONDS = 15;
    static final int INTERVAL_SECONDS = 15;
    static final int PROBES = 5;

    KeepAliveConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    @Override
    protected void configure(Socket socket) {
        super.configure(socket);
        try {
            socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            setExtended(socket, "TCP_KEEPIDLE", IDLE_SECONDS);
            setExtended(socket, "TCP_KEEPINTERVAL", INTERVAL_SECONDS);
            setExtended(socket, "TCP_KEEPCOUNT", PROBES);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot enable TCP keepalive: {}", e.toString());
        }
    }

    /** jdk.net's options, looked up at run time: the framework does not export jdk.net to bundles. */
    @SuppressWarnings("unchecked")
    private static void setExtended(Socket socket, String name, int value) throws IOException {
        try {
            Class<?> options = Class.forName("jdk.net.ExtendedSocketOptions", true,
                    ClassLoader.getPlatformClassLoader());
            Field field = options.getField(name);
            SocketOption<Integer> option = (SocketOption<Integer>) field.get(null);
            if (socket.supportedOptions().contains(option)) {
                socket.setOption(option, value);
            }
        } catch (ReflectiveOperationException e) {
            LOG.debug("no {} on this JDK", name);
        }
    }
}
