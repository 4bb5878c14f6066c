package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.builder.dockerfile.DockerfileParser;
import io.wharf.builder.dockerfile.DockerfileSyntaxException;
import io.wharf.builder.dockerfile.Instruction;
import io.wharf.builder.dockerfile.ParsedDockerfile;
import io.wharf.builder.dockerfile.RecentDockerfiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One run of POST /build: the Dockerfile's stages up to the target, step by step with the classic builder's
 * output ({@code Step 2/5 : RUN ...}, {@code  ---> Using cache}, {@code  ---> 1234abcd}), then the result's ID
 * and tags. Independent stages build at once ({@link ParallelStages}); the output still reads as a sequential build.
 */
final class Build {
    private final BuildServices services;
    private final BuildRequest request;
    private final BuildContext context;
    private final ProgressListener out;
    private final CompletionStage<Void> cancelled;
    private final StageGraph graph;
    private final char escape;
    private final Instructions instructions;
    /** Written by stages building at once. */
    private final java.util.Set<String> usedArgs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ParallelStages stages;
    private final CacheFromImages cacheFrom;
    private int step;
    private int total;

    Build(BuildServices services, BuildRequest request, BuildContext context, ProgressListener out,
          CompletionStage<Void> cancelled) {
        this.services = services;
        this.cancelled = cancelled;
        this.request = request;
        this.context = context;
        this.out = out;
        ParsedDockerfile parsed = parse(services.dockerfiles(), context);
        parsed.warnings().forEach(w -> say("[WARNING]: " + w + "\n"));
        this.graph = StageGraph.of(parsed.instructions(), request.target());
        this.escape = parsed.escape();
        Map<String, String> args = request.buildArgs() == null ? Map.of() : request.buildArgs();
        this.instructions = new Instructions(parsed.escape(), args, usedArgs, HostPlatform.host().args());
        this.stages = new ParallelStages(graph, cancelled, Runtime.getRuntime().availableProcessors());
        this.cacheFrom = CacheFromImages.resolve(services.images(), request.cacheFrom());
    }

    private static ParsedDockerfile parse(RecentDockerfiles dockerfiles, BuildContext context) {
        try {
            return dockerfiles.parse(context.dockerfileName(), context.dockerfile());
        } catch (DockerfileSyntaxException e) {
            throw EngineException.invalid("%s", e.getMessage());
        }
    }

    Digest run() throws IOException {
        List<ImageReference> tags = tags(request.tags());
        total = graph.stepCount() + (hasLabels() ? 1 : 0);
        for (Instruction arg : graph.metaArgs()) {
            stepLine(arg);
            instructions.declareMeta(arg);
        }
        Stage last = stages.run(out, this::runStage);
        step = graph.stepCount();
        if (hasLabels()) {
            step++;
            say("Step " + step + "/" + total + " : LABEL " + labelText() + "\n");
            services.steps().commit(last, instructions.labels(last, request.labels()), request, out);
            sayId(out, last);
        }
        if (last == null || last.image == null) {
            throw EngineException.invalid("No image was generated. Is your Dockerfile empty?");
        }
        warnUnusedArgs();
        Digest id = last.image.id();
        out.onProgress(ProgressMessage.aux(Map.of("ID", id.toString())));
        if (request.quiet()) {
            out.onProgress(ProgressMessage.stream(id + "\n"));
        } else {
            say("Successfully built " + id.shortHex() + "\n");
        }
        for (ImageReference tag : tags) {
            services.images().addReference(tag, id);
            say("Successfully tagged " + tag.familiarString() + "\n");
        }
        return id;
    }

    /**
     * Builds stage {@code index} into {@code channel}, its step numbers counted as if the stages before it had
     * built first; {@code stop} completes when the build is cancelled or another stage failed.
     */
    private Stage runStage(int index, ProgressListener channel, CompletionStage<Void> stop) throws IOException {
        List<Instruction> instructionsOfStage = graph.stages().get(index);
        int[] step = {graph.firstStep(index)};
        Consumer<Instruction> stepLine = i -> say(channel, "Step " + ++step[0] + "/" + total + " : "
                + i.original() + "\n");
        Function<String, Image> earlier = ref -> stageResult(index, ref);
        BaseImages bases = new BaseImages(services, request, channel);
        Instruction from = instructionsOfStage.get(0);
        stepLine.accept(from);
        FromLine line = FromLine.parse(from, word -> instructions.expandMeta(word), HostPlatform.host());
        Image base = earlier.apply(line.image());
        if (base == null && !line.image().equalsIgnoreCase("scratch")) {
            base = bases.resolve(line.image());
        }
        Stage stage = new Stage(line.alias(), base);
        stage.cacheFrom = cacheFrom.forStage();
        sayId(channel, stage);
        runTriggers(stage, from.line(), earlier, bases, channel, stop);
        for (Instruction i : instructionsOfStage.subList(1, instructionsOfStage.size())) {
            if (stop.toCompletableFuture().isDone()) {
                throw new CancellationException("build cancelled");
            }
            stepLine.accept(i);
            services.steps().execute(stage, i, instructions, earlier, bases, context, request, channel, stop);
            sayId(channel, stage);
        }
        return stage;
    }

    /** ONBUILD triggers of the base image run first, then leave the stage's config. */
    private void runTriggers(Stage stage, int fromLine, Function<String, Image> earlier, BaseImages bases,
                             ProgressListener channel, CompletionStage<Void> stop) throws IOException {
        List<String> triggers = stage.config.onBuild();
        if (triggers == null || triggers.isEmpty()) {
            return;
        }
        say(channel, "# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
        stage.config = stage.config.withOnBuild(null);
        for (String trigger : triggers) {
            Instruction i;
            try {
                i = DockerfileParser.parseTrigger(context.dockerfileName(), fromLine, trigger, escape);
            } catch (DockerfileSyntaxException e) {
                throw EngineException.invalid("%s", e.getMessage());
            }
            services.steps().execute(stage, i, instructions, earlier, bases, context, request, channel, stop);
        }
    }

    /**
     * The result of a stage before {@code index} named (or numbered) {@code ref}, once it is built, or null when
     * no such stage precedes it (then {@code ref} names an image).
     */
    private Image stageResult(int index, String ref) {
        int dependency = graph.stageIndex(ref, index);
        if (dependency < 0) {
            return null;
        }
        Stage built = stages.await(dependency);
        if (built == null || built.image == null) {
            throw EngineException.invalid("stage %s produced no image", ref);
        }
        return built.image;
    }

    private Map<String, String> requestArgs() {
        return request.buildArgs() == null ? Map.of() : request.buildArgs();
    }

    private boolean hasLabels() {
        return request.labels() != null && !request.labels().isEmpty();
    }

    private String labelText() {
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(request.labels()).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    private void warnUnusedArgs() {
        TreeSet<String> unused = new TreeSet<>(requestArgs().keySet());
        unused.removeAll(usedArgs);
        unused.removeAll(Instructions.PREDEFINED_ARGS);
        unused.removeAll(HostPlatform.ARG_NAMES);
        if (!unused.isEmpty()) {
            say("[Warning] One or more build-args " + HistoryText.goList(List.copyOf(unused))
                    + " were not consumed\n");
        }
    }

    private static List<ImageReference> tags(List<String> names) {
        List<ImageReference> refs = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (name == null || name.isEmpty()) {
                continue;
            }
            if (!ImageReference.isValid(name)) {
                throw EngineException.invalid("invalid reference format");
            }
            ImageReference ref = ImageReference.parse(name);
            if (ref.digest() != null) {
                throw EngineException.invalid("invalid reference format: a tag cannot be a digest reference");
            }
            refs.add(ref.withDefaultTag());
        }
        return refs;
    }

    private void stepLine(Instruction i) {
        step++;
        say("Step " + step + "/" + total + " : " + i.original() + "\n");
    }

    private void sayId(ProgressListener channel, Stage stage) {
        if (stage.image != null) {
            say(channel, " ---> " + stage.image.id().shortHex() + "\n");
        }
    }

    private void say(String text) {
        say(out, text);
    }

    private void say(ProgressListener channel, String text) {
        if (!request.quiet()) {
            channel.onProgress(ProgressMessage.stream(text));
        }
    }
}
