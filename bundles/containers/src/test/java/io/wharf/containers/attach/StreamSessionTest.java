package io.wharf.containers.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.rest.RawStream;
import io.wharf.api.runtime.OutputSink;
import io.wharf.api.runtime.ProcessIo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An attach session to a silent process ends when its client is gone, and not when it only half-closes. */
@Timeout(30)
class StreamSessionTest {
    private static final StreamSession.Options STDOUT_ONLY =
            new StreamSession.Options(false, true, true, false, DetachKeys.parse(null), false);

    /** A process that writes nothing until it is disconnected. */
    static final class SilentProcess implements ProcessIo {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void pumpOutput(OutputSink sink) throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public OutputStream stdin() {
            return null;
        }

        @Override
        public void resize(int height, int width) {
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** A client connection: its input ends when the client half-closes; writes fail once it has closed. */
    static final class Client implements RawStream {
        final PipedOutputStream clientWrites = new PipedOutputStream();
        final PipedInputStream in;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        volatile boolean gone;

        Client() throws IOException {
            in = new PipedInputStream(clientWrites);
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (gone) {
                        throw new IOException("Broken pipe");
                    }
                    synchronized (received) {
                        received.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aClientThatClosesIsLetGoThoughTheProcessIsSilent() throws Exception {
        SilentProcess process = new SilentProcess();
        Client client = new Client();
        CompletableFuture<StreamSession.Outcome> outcome = run(process, client);
        client.gone = true;
        client.clientWrites.close(); // EOF, then writes fail: the client closed its socket
        assertEquals(StreamSession.Outcome.CLIENT_GONE,
                outcome.get(StreamSession.PROBE_MILLIS * 5, TimeUnit.MILLISECONDS));
        assertTrue(process.closed.await(1, TimeUnit.SECONDS), "the process connection stayed open");
    }

    @Test
    void aClientThatOnlyHalfClosesKeepsItsStream() throws Exception {
        SilentProcess process = new SilentProcess();
        Client client = new Client();
        CompletableFuture<StreamSession.Outcome> outcome = run(process, client);
        client.clientWrites.close(); // the docker CLI's CloseWrite when it has no input to send
        Thread.sleep(StreamSession.PROBE_MILLIS * 3);
        assertTrue(!outcome.isDone(), "the session ended although the client still reads");
        byte[] probes;
        synchronized (client.received) {
            probes = client.received.toByteArray();
        }
        assertTrue(probes.length >= 8 && probes.length % 8 == 0, "empty frames only: " + probes.length);
        for (int i = 0; i < probes.length; i++) {
            assertEquals(i % 8 == 0 ? 1 : 0, probes[i]);
        }
        process.close(); // the process exits
        assertEquals(StreamSession.Outcome.OUTPUT_ENDED, outcome.get(5, TimeUnit.SECONDS));
    }

    private static CompletableFuture<StreamSession.Outcome> run(ProcessIo process, RawStream client) {
        CompletableFuture<StreamSession.Outcome> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                outcome.complete(new StreamSession(process, client, STDOUT_ONLY).run());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return outcome;
    }
}
