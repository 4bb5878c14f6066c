package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.build.BuildStepFailedException;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.runtime.ProcessIo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * RUN: the command runs in a container of the stage's image with the stage's environment, user and working
 * directory (build args added to the environment only), its output streams to the client as it comes, and the
 * container's changes become the step's layer. A non-zero exit fails the build with Docker's message.
 */
final class RunStep {
    private final StepContainers steps;

    RunStep(StepContainers steps) {
        this.steps = steps;
    }

    /** Runs and returns the diff ID of the step's layer. */
    Digest run(Image image, Stage stage, List<String> command, BuildRequest request, ProgressListener out)
            throws IOException {
        String id = steps.create(image, stage, command, stage.runArgs(), request);
        boolean failed = true;
        try {
            if (!request.quiet()) {
                out.onProgress(ProgressMessage.stream(" ---> Running in " + id.substring(0, 12) + "\n"));
            }
            var connection = steps.containers().attachOutput(id).toCompletableFuture();
            steps.containers().start(id);
            try (ProcessIo io = connection.get()) {
                io.pumpOutput((stream, buffer, offset, length) -> {
                    if (!request.quiet()) {
                        out.onProgress(ProgressMessage.stream(
                                new String(buffer, offset, length, StandardCharsets.UTF_8)));
                    }
                });
            }
            int code = steps.containers().awaitStop(id).toCompletableFuture().get();
            if (code != 0) {
                throw new BuildStepFailedException("The command '" + String.join(" ", command)
                        + "' returned a non-zero code: " + code, code);
            }
            Digest diffId = steps.commitLayer(id, image);
            failed = false;
            return diffId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("build cancelled");
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } finally {
            if (failed ? request.forceRemove() : request.remove() || request.forceRemove()) {
                if (!request.quiet()) {
                    out.onProgress(ProgressMessage.stream("Removing intermediate container "
                            + id.substring(0, 12) + "\n"));
                }
                steps.removeQuietly(id);
            }
        }
    }
}
