package io.wharf.network.bridge;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket whose datagrams are relayed to the target, as docker-proxy relays them: each client
 * address gets its own socket towards the target, so the answers find their way back to that client, sent from
 * the listening address it wrote to. A flow idle for {@link #FLOW_TIMEOUT_MILLIS} (docker-proxy's 90 s) closes.
 */
final class UdpProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpProxy.class);
    static final int FLOW_TIMEOUT_MILLIS = 90_000;
    /** The largest UDP payload: a datagram is never cut. */
    private static final int MAX_DATAGRAM = 65_507;
    private final DatagramSocket listener;
    private final InetSocketAddress target;
    private final Map<SocketAddress, DatagramSocket> flows = new ConcurrentHashMap<>();
    private final Thread receiver;

    private UdpProxy(DatagramSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        this.receiver = TcpProxy.daemon("wharf-udp-proxy-" + listener.getLocalSocketAddress(), this::receiveLoop);
    }

    /**
     * Binds a datagram socket to {@code address} and starts relaying. No SO_REUSEADDR: for UDP it would let a
     * second socket share the port rather than report it busy.
     */
    static UdpProxy start(InetSocketAddress address, InetSocketAddress target) throws IOException {
        UdpProxy proxy = new UdpProxy(new DatagramSocket(address), target);
        proxy.receiver.start();
        return proxy;
    }

    private void receiveLoop() {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        while (!listener.isClosed()) {
            try {
                packet.setLength(MAX_DATAGRAM);
                listener.receive(packet);
                SocketAddress client = packet.getSocketAddress();
                // a flow that just timed out is replaced rather than written to
                DatagramSocket flow = flows.compute(client, (c, f) -> f == null || f.isClosed() ? openFlow(c) : f);
                if (flow != null) {
                    flow.send(new DatagramPacket(packet.getData(), packet.getLength()));
                }
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.debug("udp proxy {}: {}", listener.getLocalSocketAddress(), e.getMessage());
                }
            }
        }
    }

    /** A socket connected to the target for one client, with a thread sending the answers back; null on failure. */
    private DatagramSocket openFlow(SocketAddress client) {
        try {
            DatagramSocket flow = new DatagramSocket();
            flow.connect(target);
            flow.setSoTimeout(FLOW_TIMEOUT_MILLIS);
            TcpProxy.daemon("wharf-udp-flow", () -> answer(client, flow)).start();
            return flow;
        } catch (IOException e) {
            LOG.debug("udp proxy to {}: {}", target, e.getMessage());
            return null;
        }
    }

    private void answer(SocketAddress client, DatagramSocket flow) {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        try (flow) {
            while (!flow.isClosed()) {
                packet.setLength(MAX_DATAGRAM);
                flow.receive(packet);
                listener.send(new DatagramPacket(packet.getData(), packet.getLength(), client));
            }
        } catch (SocketTimeoutException idle) {
            LOG.debug("udp flow {} -> {} idle, closed", client, target);
        } catch (IOException e) {
            LOG.debug("udp flow {} -> {}: {}", client, target, e.getMessage());
        } finally {
            flows.remove(client, flow);
        }
    }

    int flowCount() {
        return flows.size();
    }

    /**
     * Closes the port and its flows. Waits for the receiving thread: the JDK releases a socket's port only once
     * the thread blocked on it has left, and the port must be free for the next container at once.
     */
    @Override
    public void close() {
        listener.close();
        TcpProxy.awaitExit(receiver);
        flows.values().forEach(DatagramSocket::close);
        flows.clear();
    }
}
