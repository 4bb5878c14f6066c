package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventStreamTest {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    final InMemoryEventBus bus = new InMemoryEventBus(100);
    final EventStreams resource = new EventStreams(bus, Clock.fixed(NOW, ZoneOffset.UTC));

    static Event at(Instant t, String action, String name) {
        return new Event("container", action, name + "-id", Map.of("name", name, "image", "busybox"),
                EventTimes.nanos(t));
    }

    static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void pastOnlyStreamEndsAfterTheFilteredHistory() throws IOException {
        bus.publish(at(NOW.minusSeconds(300), "create", "a"));
        bus.publish(at(NOW.minusSeconds(200), "start", "a"));
        bus.publish(at(NOW.minusSeconds(100), "start", "b"));
        bus.publish(at(NOW.minusSeconds(10), "die", "a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        resource.open("4m", String.valueOf(NOW.minusSeconds(50).getEpochSecond()),
                "{\"event\":{\"start\":true}}").writeTo(out);
        List<String> lines = lines(out);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"status\":\"start\",\"id\":\"a-id\",\"from\":\"busybox\","
                + "\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"a-id\",\"Attributes\":"
                + "{\"image\":\"busybox\",\"name\":\"a\"}},\"scope\":\"local\",\"time\":"), lines.get(0));
        assertTrue(lines.get(1).contains("\"b-id\""));
    }

    @Test
    void noHistoryWithoutSinceOrUntil() throws Exception {
        bus.publish(at(NOW.minusSeconds(1), "start", "old"));
        BlockingOut out = new BlockingOut();
        EventStream stream = resource.open(null, null, null);
        Thread writer = new Thread(() -> {
            try {
                stream.writeTo(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertTrue(out.flushed.await(5, TimeUnit.SECONDS), "headers are flushed before any event");
        bus.publish(at(NOW, "start", "new"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (out.text().isEmpty()) {
                Thread.sleep(5);
            }
        });
        stream.close();
        writer.join(5000);
        assertEquals(1, lines(out.bytes).size());
        assertTrue(out.text().contains("new-id"));
    }

    @Test
    void eventsPublishedDuringReplayAreWrittenOnce() throws IOException {
        InMemoryEventBus delegate = new InMemoryEventBus(100);
        EventBus racing = new EventBus() {
            @Override
            public void publish(Event event) {
                delegate.publish(event);
            }

            @Override
            public List<Event> history(long sinceNano) {
                List<Event> kept = delegate.history(sinceNano);
                publish(at(NOW, "stop", "raced")); // arrives between subscribe and replay
                return delegate.history(sinceNano);
            }

            @Override
            public AutoCloseable subscribe(java.util.function.Consumer<Event> subscriber) {
                return delegate.subscribe(subscriber);
            }
        };
        racing.publish(at(NOW.minusSeconds(5), "start", "kept"));
        EventStreams r = new EventStreams(racing, Clock.fixed(NOW, ZoneOffset.UTC));
        EventStream stream = r.open("1m", null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            int writes;

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (++writes == 2) {
                    stream.close();
                }
            }
        };
        stream.writeTo(out);
        assertEquals(2, lines(out).size(), out.toString());
    }

    @Test
    void clientGoingAwayEndsTheStream() throws IOException {
        bus.publish(at(NOW.minusSeconds(5), "start", "x"));
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> resource.open("1m", null, null).writeTo(broken));
    }

    @Test
    void untilInTheFutureEndsTheLiveStream() throws IOException {
        EventStreams live = new EventStreams(bus, Clock.systemUTC());
        String until = java.math.BigDecimal.valueOf(Instant.now().plusMillis(300).toEpochMilli()).movePointLeft(3).toPlainString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> live.open(null, until, null).writeTo(out));
    }

    @Test
    void badParametersAreRejectedBeforeStreaming() {
        assertThrows(EngineException.class, () -> resource.open("x", null, null));
        assertThrows(EngineException.class, () -> resource.open(null, null, "{\"nope\":[\"1\"]}"));
        EngineException e = assertThrows(EngineException.class, () -> resource.open("100", "50", null));
        assertTrue(e.getMessage().contains("cannot be after"));
    }

    @Test
    void imageEventsHaveNoFrom() {
        String json = new String(EventMessages.encode(new Event("image", "pull", "busybox:latest",
                Map.of("name", "busybox"), 1_700_000_000_123_456_789L)), StandardCharsets.UTF_8);
        assertEquals("{\"status\":\"pull\",\"id\":\"busybox:latest\",\"Type\":\"image\",\"Action\":\"pull\","
                + "\"Actor\":{\"ID\":\"busybox:latest\",\"Attributes\":{\"name\":\"busybox\"}},\"scope\":\"local\","
                + "\"time\":1700000000,\"timeNano\":1700000000123456789}\n", json);
        String network = new String(EventMessages.encode(new Event("network", "create", "n1", Map.of(), 5)),
                StandardCharsets.UTF_8);
        assertTrue(network.startsWith("{\"Type\":\"network\""), network);
    }

    /** Records writes; signals the first flush. */
    static final class BlockingOut extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch flushed = new CountDownLatch(1);
        final List<String> log = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushed.countDown();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
