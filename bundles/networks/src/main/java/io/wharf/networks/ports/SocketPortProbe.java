package io.wharf.networks.ports;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Probes a port by briefly binding it, as dockerd's port mapper does: a listening TCP socket or a bound UDP
 * socket of another program makes the bind fail. SCTP cannot be probed from Java and counts as free.
 */
public final class SocketPortProbe implements HostPortProbe {
    @Override
    public boolean isFree(String protocol, String hostIp, int port) throws IOException {
        InetSocketAddress address = PortAllocator.isWildcard(hostIp) ? new InetSocketAddress(port)
                : new InetSocketAddress(InetAddress.getByName(hostIp), port);
        try {
            switch (protocol) {
                case "tcp" -> {
                    try (ServerSocket s = new ServerSocket()) {
                        s.setReuseAddress(true);
                        s.bind(address, 1);
                    }
                }
                case "udp" -> {
                    try (DatagramSocket s = new DatagramSocket(null)) {
                        s.bind(address);
                    }
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("in use")) {
                return false;
            }
            throw e;
        }
    }
}
