package io.wharf.containers.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.containers.WithHarness;
import io.wharf.containers.store.Container;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatsStreamTest extends WithHarness {
    private static final Duration FAST = Duration.ofMillis(10);
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final AtomicInteger samples = new AtomicInteger();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private Container running() {
        String id = h.create("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        h.engine.start(h.get(id));
        return h.get(id);
    }

    private StatsStream stream(Container c, boolean streaming, boolean oneShot) {
        return new StatsStream(c, id -> {
            samples.incrementAndGet();
            return h.driver.stats(id);
        }, scheduler, FAST, streaming, oneShot);
    }

    private static List<JsonNode> lines(ByteArrayOutputStream out) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return mapper.readTree(l);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void oneShotSamplesOnce() throws Exception {
        Container c = running();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream(c, false, true).writeTo(out);
        assertEquals(1, lines(out).size());
        assertEquals(1, samples.get());
        assertEquals(c.id(), lines(out).get(0).get("id").asText());
    }

    @Test
    void noStreamSamplesTwiceForTheCpuPercentage() throws Exception {
        Container c = running();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream(c, false, false).writeTo(out);
        assertEquals(1, lines(out).size());
        assertEquals(2, samples.get());
        assertTrue(lines(out).get(0).has("precpu_stats"));
    }

    @Test
    void streamEndsWhenTheContainerStops() throws Exception {
        Container c = running();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream stopAfterThree = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
                if (b == '\n' && out.toString(StandardCharsets.UTF_8).lines().count() == 3) {
                    h.driver.procs.get(c.id()).exit(0);
                }
            }
        };
        Thread writer = new Thread(() -> {
            try {
                stream(c, true, false).writeTo(stopAfterThree);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        writer.join(10_000);
        assertTrue(!writer.isAlive(), "the stream ended");
        assertTrue(lines(out).size() >= 3, "one line per tick while it ran");
    }

    @Test
    void aClientThatHangsUpInterruptsTheWait() throws Exception {
        Container c = running();
        StatsStream slow = new StatsStream(c, h.driver::stats, scheduler, Duration.ofSeconds(60), true, false);
        CountDownLatch wrote = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                slow.writeTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        wrote.countDown();
                    }
                });
            } catch (IOException e) {
                failure.set(e);
            }
        });
        writer.start();
        assertTrue(wrote.await(5, TimeUnit.SECONDS));
        writer.interrupt();
        writer.join(5000);
        assertTrue(!writer.isAlive());
        assertTrue(failure.get() instanceof IOException);
    }

    @Test
    void streamAndOneShotTogetherAre400() {
        Container c = running();
        EngineException e = assertThrows(EngineException.class, () -> stream(c, true, true));
        assertEquals(400, e.kind().httpStatus());
    }
}
