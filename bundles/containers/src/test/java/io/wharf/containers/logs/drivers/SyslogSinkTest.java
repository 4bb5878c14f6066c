package io.wharf.containers.logs.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.SyslogOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSinkTest {
    private static final SyslogFormat FORMAT = new SyslogFormat("rfc5424", 3, "h", "t", 7, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static LogMessage message(String text) {
        return new LogMessage(false, text.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000_000_000L, false);
    }

    private static SyslogOptions options(String address) {
        return SyslogOptions.parse(Map.of("syslog-address", address));
    }

    @Test
    void tcpFramesEachMessageWithItsNewlineAndReconnectsOnceAfterTheServerDropsIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SyslogSink sink = SyslogSink.open(options("tcp://127.0.0.1:" + server.getLocalPort()), FORMAT);
            try (Socket first = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(),
                         StandardCharsets.UTF_8))) {
                sink.send(message("one"), () -> false);
                sink.send(message("two"), () -> false);
                assertEquals("<30>1 2023-11-14T22:13:20Z h t 7 t - one", in.readLine());
                assertEquals("<30>1 2023-11-14T22:13:20Z h t 7 t - two", in.readLine());
            }
            // the server closed the connection: a write fails (at once or at the next one), the sink redials
            String received = null;
            for (int i = 0; i < 3 && received == null; i++) {
                sink.send(message("again " + i), () -> false);
                server.setSoTimeout(500);
                try (Socket second = server.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(second.getInputStream(),
                             StandardCharsets.UTF_8))) {
                    received = in.readLine();
                } catch (java.net.SocketTimeoutException e) {
                    // the first write after the close may still succeed locally; the next one fails
                }
            }
            assertTrue(received != null && received.matches(".* - again \\d"), String.valueOf(received));
            sink.close();
        }
    }

    @Test
    void udpSendsOneDatagramPerMessage() throws Exception {
        try (DatagramChannel server = DatagramChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            SyslogSink sink = SyslogSink.open(options("udp://127.0.0.1:" + port), FORMAT);
            sink.send(message("datagram"), () -> false);
            ByteBuffer b = ByteBuffer.allocate(1024);
            server.receive(b);
            assertEquals("<30>1 2023-11-14T22:13:20Z h t 7 t - datagram\n",
                    new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
            sink.close();
        }
    }

    @Test
    void unixStreamSockets() throws Exception {
        Path socket = dir.resolve("syslog.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            SyslogSink sink = SyslogSink.open(options("unix://" + socket), FORMAT);
            try (SocketChannel accepted = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(accepted),
                         StandardCharsets.UTF_8))) {
                sink.send(message("local"), () -> false);
                assertEquals("<30>1 2023-11-14T22:13:20Z h t 7 t - local", in.readLine());
            }
            sink.close();
        }
    }

    @Test
    void aRefusedConnectionFailsTheOpenWithTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class,
                () -> SyslogSink.open(options("tcp://127.0.0.1:" + port), FORMAT));
        assertTrue(e.getMessage().startsWith("dial tcp 127.0.0.1:" + port + ": "), e.getMessage());
    }
}
