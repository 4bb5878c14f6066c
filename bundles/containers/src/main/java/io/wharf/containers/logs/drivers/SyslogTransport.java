package io.wharf.containers.logs.drivers;

import io.wharf.linux.UnixDatagramSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A connection to a syslog endpoint: {@code unix} (stream), {@code unixgram}, {@code tcp} (messages framed by their
 * newline) or {@code udp} (one datagram each), or the local syslog's datagram socket when no address is given.
 */
interface SyslogTransport extends AutoCloseable {
    /** srslog's unixSyslog: the usual local sockets, first found. */
    List<Path> LOCAL_SOCKETS = List.of(Path.of("/dev/log"), Path.of("/var/run/syslog"), Path.of("/var/run/log"));
    /** A stream endpoint that stops reading must not hold the forwarder forever. */
    long WRITE_TIMEOUT_MILLIS = 10_000;

    void write(byte[] message) throws IOException;

    @Override
    void close();

    static SyslogTransport connect(String network, String address) throws IOException {
        return switch (network) {
            case "unix" -> stream(SocketChannel.open(UnixDomainSocketAddress.of(address)));
            case "unixgram" -> datagram(UnixDatagramSocket.connect(Path.of(address)));
            case "tcp" -> stream(SocketChannel.open(inet(address)));
            case "udp" -> udp(address);
            default -> local();
        };
    }

    private static SyslogTransport local() throws IOException {
        for (Path p : LOCAL_SOCKETS) {
            if (Files.exists(p)) {
                return datagram(UnixDatagramSocket.connect(p));
            }
        }
        throw new IOException("Unix syslog delivery error");
    }

    private static InetSocketAddress inet(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static SyslogTransport udp(String address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.connect(inet(address));
        return new SyslogTransport() {
            @Override
            public void write(byte[] message) throws IOException {
                channel.write(ByteBuffer.wrap(message));
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    /**
     * A stream written in non-blocking mode with a deadline, so that an endpoint that stops reading costs the
     * forwarder {@link #WRITE_TIMEOUT_MILLIS} and a reconnection, not its thread.
     */
    private static SyslogTransport stream(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        return new SyslogTransport() {
            @Override
            public void write(byte[] message) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(message);
                long deadline = System.nanoTime() + WRITE_TIMEOUT_MILLIS * 1_000_000;
                while (b.hasRemaining()) {
                    if (channel.write(b) == 0) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("the syslog endpoint stopped reading");
                        }
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                }
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    private static SyslogTransport datagram(UnixDatagramSocket socket) {
        return new SyslogTransport() {
            @Override
            public void write(byte[] message) throws IOException {
                if (!socket.send(message)) {
                    throw new IOException("the syslog socket's queue is full");
                }
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do about a failed close of a connection given up
        }
    }
}
