package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.build.BuildStepFailedException;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.builder.dockerfile.Commands;
import io.wharf.builder.dockerfile.Instruction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * RUN: the command runs in a container of the stage's image with the stage's environment, user and working
 * directory (build args added to the environment only), its output streams to the client as it comes, and the
 * container's changes become the step's layer. A non-zero exit fails the build with Docker's message.
 */
final class RunStep {
    /** How long the output may still flow after the process ended (it ends with the container). */
    private static final long OUTPUT_DRAIN_MILLIS = 30_000;

    private final StepContainers steps;

    RunStep(StepContainers steps) {
        this.steps = steps;
    }

    private static Thread pumpOutput(ProcessIo io, BuildRequest request, ProgressListener out) {
        Thread pump = new Thread(() -> {
            try (io) {
                io.pumpOutput((stream, buffer, offset, length) -> {
                    if (!request.quiet()) {
                        out.onProgress(ProgressMessage.stream(new String(buffer, offset, length,
                                StandardCharsets.UTF_8)));
                    }
                });
            } catch (IOException e) {
                // the container went away (a cancelled build removes it): its output ends here
            }
        }, "wharf-build-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    /**
     * Runs and returns the diff ID of the step's layer. A {@code #!} here-document is written under
     * {@code scratch} and bound read-only where the command expects it, on /dev (a tmpfs), so never in the layer.
     */
    Digest run(Image image, Stage stage, Commands.Command command, Path scratch, BuildRequest request,
               ProgressListener out, CompletionStage<Void> cancelled) throws IOException {
        Path script = command.script().isPresent() ? writeScript(command.script().get(), scratch) : null;
        try {
            List<String> binds = script == null ? List.of()
                    : List.of(script + ":" + Commands.SCRIPT_DIRECTORY + command.script().get().name() + ":ro");
            return run(image, stage, command.argv(), binds, request, out, cancelled);
        } finally {
            if (script != null) {
                Files.deleteIfExists(script);
            }
        }
    }

    private static Path writeScript(Instruction.Heredoc heredoc, Path scratch) throws IOException {
        Path file = Files.createTempFile(scratch, "heredoc-", "");
        Files.writeString(file, heredoc.content());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Digest run(Image image, Stage stage, List<String> command, List<String> binds, BuildRequest request,
                       ProgressListener out, CompletionStage<Void> cancelled) throws IOException {
        String id = steps.create(image, stage, command, stage.runArgs(), binds, request);
        boolean failed = true;
        AtomicBoolean running = new AtomicBoolean(true);
        // on another thread: the one that noticed the client is gone may itself be interrupted
        cancelled.thenRunAsync(() -> {
            if (running.get()) {
                steps.removeQuietly(id); // kills the step's process; a cancelled build leaves nothing behind
            }
        });
        try {
            if (!request.quiet()) {
                out.onProgress(ProgressMessage.stream(" ---> Running in " + id.substring(0, 12) + "\n"));
            }
            var connection = steps.containers().attachOutput(id).toCompletableFuture();
            steps.containers().start(id);
            Thread pump = pumpOutput(connection.get(), request, out);
            // waiting here, not in the pump, lets an interrupt (the client went away) cancel the step
            int code = steps.containers().awaitStop(id).toCompletableFuture().get();
            pump.join(OUTPUT_DRAIN_MILLIS); // output ends with the process: all of it goes out before the result
            if (cancelled.toCompletableFuture().isDone()) {
                throw new CancellationException("build cancelled");
            }
            if (code != 0) {
                throw new BuildStepFailedException("The command '" + String.join(" ", command)
                        + "' returned a non-zero code: " + code, code);
            }
            Digest diffId = steps.commitLayer(id, image);
            failed = false;
            return diffId;
        } catch (InterruptedException e) {
            steps.removeQuietly(id);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("build cancelled");
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } finally {
            running.set(false);
            if (failed ? request.forceRemove() : request.remove() || request.forceRemove()) {
                if (!request.quiet()) {
                    out.onProgress(ProgressMessage.stream("Removing intermediate container "
                            + id.substring(0, 12) + "\n"));
                }
                steps.removeQuietly(id);
            } else {
                steps.keep(id);
            }
        }
    }
}
