package io.wharf.runtime.linux;

import io.wharf.api.runtime.OutputSink;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.StreamType;
import io.wharf.api.errors.EngineException;
import io.wharf.linux.LinuxException;
import io.wharf.linux.SeqPacketSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A client of conmon's attach socket (SOCK_SEQPACKET). conmon sends packets of one stream byte (2 stdout,
 * 3 stderr) followed by up to 8192 bytes of output; input packets are raw bytes for the process's stdin.
 */
final class AttachConnection implements ProcessIo {
    /** conmon's packet payload limit plus the stream byte. */
    static final int PACKET_SIZE = 8193;
    private static final int STDERR_PACKET = 3;
    private static final int ENOENT = 2;
    private static final int ECONNREFUSED = 111;
    private static final long SOCKET_WAIT_NANOS = 500_000_000L;

    private final SeqPacketSocket socket;
    private final OutputStream stdin;
    private final TerminalResizer resizer;
    private final Path ctl;

    AttachConnection(SeqPacketSocket socket, boolean withStdin, TerminalResizer resizer, Path ctl) {
        this.socket = socket;
        this.stdin = withStdin ? new SocketStdin() : null;
        this.resizer = resizer;
        this.ctl = ctl;
    }

    /** Connects to container {@code id}'s attach socket, waiting briefly for a monitor that was just started. */
    static SeqPacketSocket connect(String id, Path socket) {
        long deadline = System.nanoTime() + SOCKET_WAIT_NANOS;
        while (true) {
            try {
                return SeqPacketSocket.connect(socket);
            } catch (LinuxException e) {
                // Right after create the monitor may not be listening yet: a missing or refusing socket is
                // retried briefly; anything else, or a socket that never comes, means the container is gone.
                boolean early = e.errno() == ENOENT || e.errno() == ECONNREFUSED;
                if (!early || System.nanoTime() > deadline) {
                    throw EngineException.conflict("cannot attach to container %s: it is not running (%s)", id,
                            e.getMessage());
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw EngineException.conflict("cannot attach to container %s: interrupted", id);
                }
            }
        }
    }

    @Override
    public void pumpOutput(OutputSink sink) throws IOException {
        byte[] packet = new byte[PACKET_SIZE];
        while (true) {
            int length = socket.receive(packet);
            if (length <= 0) {
                return; // the process exited (conmon closed us) or we were closed
            }
            StreamType stream = packet[0] == STDERR_PACKET ? StreamType.STDERR : StreamType.STDOUT;
            if (length > 1) {
                sink.write(stream, packet, 1, length - 1);
            }
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public void resize(int height, int width) throws IOException {
        resizer.resize(ctl, height, width);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Writes go out as packets of at most 8192 bytes; close half-closes the socket (EOF for the process). */
    private final class SocketStdin extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            for (int sent = 0; sent < length; ) {
                int chunk = Math.min(PACKET_SIZE - 1, length - sent);
                socket.send(buffer, offset + sent, chunk);
                sent += chunk;
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                socket.shutdownOutput();
            }
        }
    }
}
