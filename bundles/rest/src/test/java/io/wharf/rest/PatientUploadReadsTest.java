package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

class PatientUploadReadsTest {
    /** A request whose read() answers from a script: null (nothing arrived yet) or a chunk; demand is counted. */
    private static final class ScriptedBody {
        final Deque<Content.Chunk> script = new ArrayDeque<>();
        int reads;
        int demands;

        Request request() {
            return (Request) Proxy.newProxyInstance(Request.class.getClassLoader(), new Class<?>[] {Request.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "read" -> {
                            reads++;
                            yield script.isEmpty() ? null : script.poll();
                        }
                        case "demand" -> {
                            demands++;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        ScriptedBody nothingFor(int reads) {
            for (int i = 0; i < reads; i++) {
                script.add(NOTHING);
            }
            return this;
        }
    }

    /** Stands for "nothing yet" in a script (a deque holds no nulls). */
    private static final Content.Chunk NOTHING = Content.Chunk.from(ByteBuffer.allocate(0), false);

    private static Content.Chunk read(Request request) {
        Content.Chunk chunk = request.read();
        return chunk == NOTHING ? null : chunk;
    }

    @Test
    void contentThatArrivesWhileItPausesIsReadWithoutAWakeUp() {
        ScriptedBody body = new ScriptedBody().nothingFor(2);
        Content.Chunk piece = Content.Chunk.from(ByteBuffer.wrap(new byte[] {1, 2, 3}), false);
        body.script.add(piece);
        Request patient = new PatientUploadReads(new Unwrapping(body.request()));
        assertSame(piece, patient.read());
        assertEquals(3, body.reads);
        assertEquals(0, body.demands);
    }

    @Test
    void aSilentClientIsLeftToDemandAfterAFewPauses() {
        ScriptedBody body = new ScriptedBody().nothingFor(100);
        Request patient = new PatientUploadReads(new Unwrapping(body.request()));
        long start = System.nanoTime();
        assertNull(patient.read());
        assertEquals(PatientUploadReads.PAUSES + 1, body.reads);
        assertEquals(0, body.demands);
        // bounded: a few pauses, not a wait for the client
        long waited = System.nanoTime() - start;
        assertTrue(waited < 100 * PatientUploadReads.PAUSES * PatientUploadReads.PAUSE_NANOS, waited + " ns");
    }

    @Test
    void anInterruptedReaderDoesNotPause() {
        ScriptedBody body = new ScriptedBody().nothingFor(100);
        Request patient = new PatientUploadReads(new Unwrapping(body.request()));
        Thread.currentThread().interrupt();
        try {
            assertNull(patient.read());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, body.reads);
    }

    /** Turns the script's NOTHING marker back into null, as a request with nothing arrived answers. */
    private static final class Unwrapping extends Request.Wrapper {
        Unwrapping(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            return PatientUploadReadsTest.read(getWrapped());
        }
    }
}
