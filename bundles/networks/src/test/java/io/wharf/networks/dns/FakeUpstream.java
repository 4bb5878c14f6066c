package io.wharf.networks.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A resolver on 127.0.0.1 that answers every query with one A record (10.99.0.1) over UDP and TCP, so tests
 * never reach a real resolver. It can be told to stay silent.
 */
final class FakeUpstream implements AutoCloseable {
    static final String ANSWER = "10.99.0.1";
    final DatagramSocket udp;
    final ServerSocket tcp;
    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile boolean silent;
    private final Thread udpThread;
    private final Thread tcpThread;

    FakeUpstream() throws IOException {
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        ServerSocket t;
        try {
            t = new ServerSocket();
            t.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), udp.getLocalPort()));
        } catch (IOException e) {
            t = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        }
        tcp = t;
        udpThread = new Thread(this::serveUdp, "fake-upstream-udp");
        udpThread.setDaemon(true);
        udpThread.start();
        tcpThread = new Thread(this::serveTcp, "fake-upstream-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    InetSocketAddress udpAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
    }

    InetSocketAddress tcpAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                byte[] answer = answer(buf, p.getLength());
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                byte[] answer = answer(q, q.length);
                if (answer != null) {
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(byte[] packet, int length) {
        try {
            DnsMessage.Query q = DnsMessage.parse(packet, length);
            if (q == null) {
                return null;
            }
            seen.add(q.name());
            if (silent) {
                return null;
            }
            return DnsMessage.addresses(q, List.of(io.wharf.networks.net.Ipv4.parse(ANSWER)), 30, 512);
        } catch (DnsMessage.FormatError e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
