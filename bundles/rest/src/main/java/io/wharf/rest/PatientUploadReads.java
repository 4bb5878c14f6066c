package io.wharf.rest;

import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The body of a streamed upload (a build context, an image to load, files into a container) as the worker thread
 * serving it reads it: when nothing has arrived, it pauses briefly and looks again, up to {@link #PAUSES} times,
 * before it lets the reader ask Jetty to wake it. Clients write such bodies in small pieces (the docker CLI flushes
 * each tar record as an HTTP chunk of its own: ~600 for a build context of 200 files), and each wake-up through
 * Jetty's selector costs a selector wake-up, an epoll round and two thread hand-offs, where a pause costs one
 * timed park and lets the pieces pile up, so that one read of the socket takes several. Only for readers that
 * may block: the workers of {@link WorkerDispatch}.
 */
final class PatientUploadReads extends Request.Wrapper {
    static final int PAUSES = 4;
    static final long PAUSE_NANOS = 50_000;

    PatientUploadReads(Request request) {
        super(request);
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = super.read();
        for (int i = 0; chunk == null && i < PAUSES && !Thread.currentThread().isInterrupted(); i++) {
            LockSupport.parkNanos(PAUSE_NANOS);
            chunk = super.read();
        }
        return chunk;
    }
}
