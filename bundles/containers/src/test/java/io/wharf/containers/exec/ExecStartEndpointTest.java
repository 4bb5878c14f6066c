package io.wharf.containers.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.rest.HijackRequest;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RawStream;
import io.wharf.containers.WithHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that types an exec's detach keys is let go at once; the exec's process keeps running. */
@Timeout(30)
class ExecStartEndpointTest extends WithHarness {

    /** A client that sends {@code typed} and then keeps its end open, as docker-py's socket does. */
    static final class Client implements RawStream {
        final InputStream in;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Client(byte[] typed) {
            in = new java.io.SequenceInputStream(new ByteArrayInputStream(typed), new InputStream() {
                @Override
                public int read() throws java.io.IOException {
                    try {
                        Thread.sleep(60_000); // open, silent
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return -1;
                }
            });
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void detachKeysEndTheStreamWithoutWaitingForTheProcess() throws Exception {
        String id = h.create("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1d\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        h.engine.start(h.get(id));
        String execId = h.execs.create(id, new ExecConfig(true, true, true, "ctrl-x,x", true, null, List.of("hold"),
                false, "", "", null));
        HijackedEndpoint.Session session = new ExecStartEndpoint(h.execs).open(new HijackRequest("POST",
                "/exec/" + execId + "/start", Map.of(), Map.of(),
                "{\"Tty\":true}".getBytes(StandardCharsets.UTF_8), "1.50"));
        long started = System.nanoTime();
        session.run(new Client(new byte[] {0x18, 'x'}));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2_000, "the detached stream stayed open for " + millis + " ms");
        assertTrue(h.execs.inspect(execId).running(), "the exec's process must keep running");
    }
}
