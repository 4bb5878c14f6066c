package io.wharf.networks.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a query unchanged to the upstream resolvers, one after the other, each with a timeout, and returns
 * the first answer. Blocking; runs on the DNS server's worker threads.
 */
public final class DnsForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(DnsForwarder.class);
    private final Supplier<List<InetSocketAddress>> upstreams;
    private final int timeoutMillis;

    public DnsForwarder(Supplier<List<InetSocketAddress>> upstreams, Duration timeout) {
        this.upstreams = upstreams;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** The upstream answer, or null when there is no upstream or none answered in time. */
    public byte[] forward(byte[] query, boolean tcp) {
        for (InetSocketAddress upstream : upstreams.get()) {
            try {
                byte[] answer = tcp ? overTcp(upstream, query) : overUdp(upstream, query);
                if (answer != null) {
                    return answer;
                }
            } catch (IOException e) {
                LOG.debug("upstream DNS {} failed: {}", upstream, e.toString());
            }
        }
        return null;
    }

    private byte[] overUdp(InetSocketAddress upstream, byte[] query) throws IOException {
        int id = DnsMessage.id(query, query.length);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(upstream);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[65535];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                // a stray datagram with another ID is not our answer; keep waiting
                if (p.getLength() >= DnsMessage.HEADER && DnsMessage.id(buffer, p.getLength()) == id) {
                    byte[] answer = new byte[p.getLength()];
                    System.arraycopy(buffer, 0, answer, 0, answer.length);
                    return answer;
                }
            }
        }
    }

    private byte[] overTcp(InetSocketAddress upstream, byte[] query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(upstream, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answer;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
