package io.wharf.builder.exec;

import io.wharf.api.progress.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the needed stages of a Dockerfile at once, at most {@code threads} at a time (BuildKit's semantics; the
 * classic builder is sequential). A stage waits for an earlier one only where it uses its result. Stages start
 * in Dockerfile order on a FIFO pool and only ever wait for earlier stages, so the earliest unfinished stage
 * always runs: waiting cannot deadlock however small the pool. The first failure stops the other stages. A
 * build with one needed stage runs it on the calling thread.
 */
final class ParallelStages {
    /** One stage's build: its output goes to {@code channel}; it stops early once {@code stop} completes. */
    @FunctionalInterface
    interface StageWork {
        Stage build(int index, ProgressListener channel, CompletionStage<Void> stop) throws Exception;
    }

    private final StageGraph graph;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final List<CompletableFuture<Stage>> results = new ArrayList<>();
    private final int threads;

    ParallelStages(StageGraph graph, CompletionStage<Void> cancelled, int threads) {
        this.graph = graph;
        this.threads = Math.max(1, threads);
        cancelled.whenComplete((ignored, error) -> stop.complete(null));
        for (int i = 0; i < graph.stages().size(); i++) {
            results.add(new CompletableFuture<>());
        }
    }

    /** Builds every needed stage and returns the last one (the target). */
    Stage run(ProgressListener out, StageWork work) throws IOException {
        int count = graph.stages().size();
        OrderedOutput output = new OrderedOutput(out, count);
        if (neededStages() == 1) { // nothing to overlap: no thread to hand the work to and wait for
            for (int index = 0; index < count; index++) {
                if (graph.needed(index)) {
                    buildOne(index, work, output);
                } else {
                    results.get(index).complete(null);
                    output.close(index, false);
                }
            }
            return awaitAll();
        }
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, count), runnable -> {
            Thread thread = new Thread(runnable, "wharf-build-stage-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int index = 0; index < count; index++) {
                if (!graph.needed(index)) {
                    results.get(index).complete(null);
                    output.close(index, false);
                    continue;
                }
                int stage = index;
                pool.execute(() -> buildOne(stage, work, output));
            }
            return awaitAll();
        } finally {
            pool.shutdown();
        }
    }

    private int neededStages() {
        int needed = 0;
        for (int index = 0; index < graph.stages().size(); index++) {
            needed += graph.needed(index) ? 1 : 0;
        }
        return needed;
    }

    /** The stage's output is closed before its result shows, so that a finished build has written all of it. */
    private void buildOne(int index, StageWork work, OrderedOutput output) {
        Stage built;
        try {
            built = work.build(index, output.channel(index), stop);
        } catch (Throwable e) {
            stop.complete(null);
            output.close(index, true);
            results.get(index).completeExceptionally(e);
            return;
        }
        output.close(index, false);
        results.get(index).complete(built);
    }

    /** Waits for every stage; the first real failure (in stage order) wins over the stops it caused. */
    private Stage awaitAll() throws IOException {
        Throwable first = null;
        Stage last = null;
        for (CompletableFuture<Stage> result : results) {
            Throwable cause;
            try {
                last = awaitUninterruptibly(result);
                continue;
            } catch (ExecutionException e) {
                cause = e.getCause();
            } catch (CancellationException e) { // get() throws a CancellationException cause as it is
                cause = e;
            }
            if (first == null
                    || first instanceof CancellationException && !(cause instanceof CancellationException)) {
                first = cause;
            }
        }
        if (first != null) {
            rethrow(first);
        }
        return last;
    }

    /** An interrupt (the client went away) stops the stages, and the build still waits for them to clean up. */
    private Stage awaitUninterruptibly(CompletableFuture<Stage> result) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.complete(null);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stage {@code index} once built (null when not needed); its failure surfaces as a stop of the waiter. */
    Stage await(int index) {
        try {
            return results.get(index).join();
        } catch (CompletionException | CancellationException e) {
            throw new CancellationException("stage " + index + " failed");
        }
    }

    private static void rethrow(Throwable e) throws IOException {
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e instanceof InterruptedException) {
            throw new InterruptedIOException("build cancelled");
        }
        throw new IOException(e);
    }
}
