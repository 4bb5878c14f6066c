package io.wharf.containers;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.OutputSink;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory execution driver whose processes exit when the test says so (or on a deadly signal). */
public final class FakeDriver implements ExecutionDriver {
    public final Map<String, Proc> procs = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong pids = new AtomicLong(1000);
    /** When set, SIGTERM is ignored (to test the stop timeout). */
    public volatile boolean ignoreSigterm;
    public volatile String failStartWith;
    private final java.util.concurrent.atomic.AtomicReference<Gate> nextDeleteGate =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Holds a delete in the middle: {@code entered} counts down when it is reached, it goes on at {@code release}. */
    public record Gate(java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release) {
    }

    /** The next delete (whoever calls it) waits at a gate. */
    public Gate gateNextDelete() {
        Gate gate = new Gate(new java.util.concurrent.CountDownLatch(1), new java.util.concurrent.CountDownLatch(1));
        nextDeleteGate.set(gate);
        return gate;
    }

    public final class Proc {
        public final ContainerSpec spec;
        public volatile ContainerStatus.State state = ContainerStatus.State.CREATED;
        public volatile long pid;
        public final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        public final List<Integer> signals = new CopyOnWriteArrayList<>();
        public final List<FakeIo> ios = new CopyOnWriteArrayList<>();

        Proc(ContainerSpec spec) {
            this.spec = spec;
        }

        public void exit(int code) {
            state = ContainerStatus.State.STOPPED;
            for (FakeIo io : ios) {
                io.end();
            }
            exit.complete(new ExitStatus(code, false, Instant.now()));
        }

        public void output(StreamType stream, String text) {
            for (FakeIo io : ios) {
                io.queue.add(new Chunk(stream, text.getBytes()));
            }
        }
    }

    record Chunk(StreamType stream, byte[] bytes) {
    }

    public static final class FakeIo implements ProcessIo {
        final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        public final ByteArrayOutputStream stdinBytes = new ByteArrayOutputStream();
        public volatile boolean stdinClosed;
        public volatile boolean closed;
        private final boolean withStdin;
        private static final Chunk END = new Chunk(StreamType.STDIN, new byte[0]);

        FakeIo(boolean withStdin) {
            this.withStdin = withStdin;
        }

        void end() {
            queue.add(END);
        }

        @Override
        public void pumpOutput(OutputSink sink) throws IOException {
            while (true) {
                Chunk c;
                try {
                    c = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (c == END) {
                    return;
                }
                sink.write(c.stream(), c.bytes(), 0, c.bytes().length);
            }
        }

        @Override
        public OutputStream stdin() {
            if (!withStdin) {
                return null;
            }
            return new OutputStream() {
                @Override
                public void write(int b) {
                    stdinBytes.write(b);
                }

                @Override
                public void close() {
                    stdinClosed = true;
                }
            };
        }

        @Override
        public void resize(int height, int width) {
        }

        @Override
        public void close() {
            closed = true;
            end();
        }
    }

    private Proc proc(String id) {
        Proc p = procs.get(id);
        if (p == null) {
            throw EngineException.notFound("no such container in driver: %s", id);
        }
        return p;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<String> runtimes() {
        return List.of("runc", "crun");
    }

    @Override
    public void create(ContainerSpec spec) {
        calls.add("create " + spec.id());
        if (procs.containsKey(spec.id())) {
            throw new IllegalStateException("already exists in the driver: " + spec.id());
        }
        procs.put(spec.id(), new Proc(spec));
    }

    @Override
    public ProcessIo attach(String id, boolean stdin) {
        calls.add("attach " + id);
        FakeIo io = new FakeIo(stdin);
        proc(id).ios.add(io);
        return io;
    }

    @Override
    public void start(String id) throws IOException {
        calls.add("start " + id);
        if (failStartWith != null) {
            throw new IOException(failStartWith);
        }
        Proc p = proc(id);
        p.pid = pids.incrementAndGet();
        p.state = ContainerStatus.State.RUNNING;
    }

    @Override
    public CompletionStage<ExitStatus> awaitExit(String id) {
        return proc(id).exit;
    }

    @Override
    public ContainerStatus status(String id) {
        Proc p = procs.get(id);
        if (p == null) {
            return new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
        }
        Integer code = p.exit.isDone() ? p.exit.join().exitCode() : null;
        return new ContainerStatus(p.state, p.pid, code, false);
    }

    @Override
    public void kill(String id, int signal) {
        calls.add("kill " + id + " " + signal);
        Proc p = proc(id);
        p.signals.add(signal);
        if (signal == 9 || signal == 15 && !ignoreSigterm) {
            new Thread(() -> p.exit(128 + signal)).start(); // like a real process: the exit comes a bit later
        }
    }

    @Override
    public void pause(String id) {
        proc(id).state = ContainerStatus.State.PAUSED;
    }

    @Override
    public void resume(String id) {
        proc(id).state = ContainerStatus.State.RUNNING;
    }

    @Override
    public void update(String id, Resources resources) {
        calls.add("update " + id);
    }

    @Override
    public void resize(String id, int height, int width) {
    }

    @Override
    public ExecSession exec(String id, ExecSpec spec) {
        Proc p = proc(id);
        FakeIo io = new FakeIo(spec.attachStdin());
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        String cmd = String.join(" ", spec.process().args());
        if (cmd.equals("hold")) {
            return new ExecSession(p.pid + 1, spec.attachOutput() ? io : null, exit); // runs until the test ends
        }
        // "exit N" exits with N after printing the command; "hold" never ends; anything else exits 0
        new Thread(() -> {
            io.queue.add(new Chunk(StreamType.STDOUT, ("ran " + cmd + "\n").getBytes()));
            io.end();
            int code = cmd.startsWith("exit ") ? Integer.parseInt(cmd.substring(5).trim()) : 0;
            exit.complete(new ExitStatus(code, false, Instant.now()));
        }).start();
        return new ExecSession(p.pid + 1, spec.attachOutput() ? io : null, exit);
    }

    @Override
    public void resizeExec(String id, String execId, int height, int width) {
    }

    @Override
    public List<Long> pids(String id) {
        return List.of(proc(id).pid);
    }

    @Override
    public ContainerStats stats(String id) {
        return new ContainerStats(1000, List.of(), 10, 20, 5000, 2, 0, 0, 1024, 0, 4096, Map.of("anon", 1L), 1, 0,
                Map.of(), List.of());
    }

    @Override
    public void delete(String id) {
        Gate gate = nextDeleteGate.getAndSet(null);
        if (gate != null) {
            gate.entered().countDown();
            try {
                gate.release().await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        calls.add("delete " + id);
        procs.remove(id);
    }

    @Override
    public List<String> list() {
        return new ArrayList<>(procs.keySet());
    }
}
