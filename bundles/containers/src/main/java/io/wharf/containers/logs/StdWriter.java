package io.wharf.containers.logs;

import io.wharf.api.runtime.StreamType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes process output to a Docker client: multiplexed frames ({@code [stream,0,0,0,size BE32] + payload}) for
 * containers without a TTY, the raw bytes for TTY ones.
 */
public final class StdWriter {
    private final OutputStream out;
    private final boolean multiplexed;
    private final byte[] header = new byte[8];

    /**
     * Each write is one frame, as Docker sends one per log entry and clients (docker-py's logs(stream=True))
     * iterate frames. For speed, give it a buffered stream: many frames then go out in one system call.
     */
    public StdWriter(OutputStream out, boolean multiplexed) {
        this.out = out;
        this.multiplexed = multiplexed;
    }

    public boolean multiplexed() {
        return multiplexed;
    }

    public void write(StreamType stream, byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (multiplexed) {
            writeHeader(stream, len);
            out.write(header, 0, 8);
        }
        out.write(b, off, len);
    }

    /** One frame made of several pieces (timestamp prefix, content, newline) without copying them together. */
    public void write(StreamType stream, byte[] p1, int o1, int l1, byte[] p2, int o2, int l2, byte[] p3, int o3,
                      int l3) throws IOException {
        int total = l1 + l2 + l3;
        if (total == 0) {
            return;
        }
        if (multiplexed) {
            writeHeader(stream, total);
            out.write(header, 0, 8);
        }
        if (l1 > 0) {
            out.write(p1, o1, l1);
        }
        if (l2 > 0) {
            out.write(p2, o2, l2);
        }
        if (l3 > 0) {
            out.write(p3, o3, l3);
        }
    }

    private void writeHeader(StreamType stream, int len) {
        header[0] = (byte) stream.id();
        header[1] = 0;
        header[2] = 0;
        header[3] = 0;
        header[4] = (byte) (len >>> 24);
        header[5] = (byte) (len >>> 16);
        header[6] = (byte) (len >>> 8);
        header[7] = (byte) len;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** A frame as a single array, for writers that want one write per frame. */
    public static byte[] frame(StreamType stream, byte[] b, int off, int len) {
        byte[] f = new byte[8 + len];
        f[0] = (byte) stream.id();
        f[4] = (byte) (len >>> 24);
        f[5] = (byte) (len >>> 16);
        f[6] = (byte) (len >>> 8);
        f[7] = (byte) len;
        System.arraycopy(b, off, f, 8, len);
        return f;
    }
}
