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
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;

/**
 * One run of POST /build: the Dockerfile's stages up to the target, step by step with the classic builder's
 * output ({@code Step 2/5 : RUN ...}, {@code  ---> Using cache}, {@code  ---> 1234abcd}), then the result's ID
 * and tags.
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
    private final BaseImages bases;
    private final Map<String, String> metaArgs = new HashMap<>();
    private final java.util.Set<String> usedArgs = new java.util.HashSet<>();
    private final List<Image> results = new ArrayList<>();
    private final Map<String, Integer> stageNames = new HashMap<>();
    private int step;
    private int total;

    Build(BuildServices services, BuildRequest request, BuildContext context, ProgressListener out,
          CompletionStage<Void> cancelled) {
        this.services = services;
        this.cancelled = cancelled;
        this.request = request;
        this.context = context;
        this.out = out;
        ParsedDockerfile parsed = parse(context);
        parsed.warnings().forEach(w -> say("[WARNING]: " + w + "\n"));
        this.graph = StageGraph.of(parsed.instructions(), request.target());
        this.escape = parsed.escape();
        Map<String, String> args = request.buildArgs() == null ? Map.of() : request.buildArgs();
        this.instructions = new Instructions(parsed.escape(), args, usedArgs, metaArgs);
        this.bases = new BaseImages(services, request, out);
    }

    private static ParsedDockerfile parse(BuildContext context) {
        try {
            return DockerfileParser.parse(context.dockerfileName(), context.dockerfile());
        } catch (DockerfileSyntaxException e) {
            throw EngineException.invalid("%s", e.getMessage());
        }
    }

    Digest run() throws IOException {
        List<ImageReference> tags = tags(request.tags());
        total = graph.stepCount() + (hasLabels() ? 1 : 0);
        for (Instruction arg : graph.metaArgs()) {
            stepLine(arg);
            Stage none = new Stage(null, null);
            none.args.putAll(metaArgs);
            for (Instruction.KeyValue kv : arg.keyValues()) {
                String value = kv.hasValue() ? instructions.expand(none, kv.value()) : null;
                metaArgs.put(kv.key(), requestArgs().containsKey(kv.key()) ? requestArgs().get(kv.key()) : value);
                usedArgs.add(kv.key());
            }
        }
        Stage last = null;
        for (int index = 0; index < graph.stages().size(); index++) {
            List<Instruction> stage = graph.stages().get(index);
            if (!graph.needed(index)) {
                results.add(null);
                continue;
            }
            last = runStage(stage);
            results.add(last.image);
            if (last.name != null) {
                stageNames.put(last.name.toLowerCase(), index);
            }
        }
        if (hasLabels()) {
            step++;
            say("Step " + step + "/" + total + " : LABEL " + labelText() + "\n");
            services.steps().commit(last, instructions.labels(last, request.labels()), request, out);
            sayId(last);
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

    private Stage runStage(List<Instruction> instructionsOfStage) throws IOException {
        Instruction from = instructionsOfStage.get(0);
        stepLine(from);
        FromLine line = FromLine.parse(from, word -> instructions.expandMeta(word));
        Image base = stageResult(line.image());
        if (base == null && !line.image().equalsIgnoreCase("scratch")) {
            base = bases.resolve(line.image());
        }
        Stage stage = new Stage(line.alias(), base);
        if (base != null) {
            sayId(stage);
        }
        runTriggers(stage, from.line());
        for (Instruction i : instructionsOfStage.subList(1, instructionsOfStage.size())) {
            if (cancelled.toCompletableFuture().isDone()) {
                throw new CancellationException("build cancelled");
            }
            stepLine(i);
            services.steps().execute(stage, i, instructions, this::stageResult, bases, context, request, out,
                    cancelled);
            sayId(stage);
        }
        return stage;
    }

    /** ONBUILD triggers of the base image run first, then leave the stage's config. */
    private void runTriggers(Stage stage, int fromLine) throws IOException {
        List<String> triggers = stage.config.onBuild();
        if (triggers == null || triggers.isEmpty()) {
            return;
        }
        say("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
        stage.config = stage.config.withOnBuild(null);
        for (String trigger : triggers) {
            Instruction i;
            try {
                i = DockerfileParser.parseTrigger(context.dockerfileName(), fromLine, trigger, escape);
            } catch (DockerfileSyntaxException e) {
                throw EngineException.invalid("%s", e.getMessage());
            }
            services.steps().execute(stage, i, instructions, this::stageResult, bases, context, request, out,
                    cancelled);
        }
    }

    /** The result of an earlier stage named (or numbered) {@code ref}, or null when none is. */
    Image stageResult(String ref) {
        Integer index = stageNames.get(ref.toLowerCase());
        if (index == null && ref.chars().allMatch(Character::isDigit) && !ref.isEmpty()) {
            index = Integer.parseInt(ref);
        }
        if (index == null || index >= results.size()) {
            return null;
        }
        Image image = results.get(index);
        if (image == null) {
            throw EngineException.invalid("stage %s produced no image", ref);
        }
        return image;
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

    private void sayId(Stage stage) {
        if (stage.image != null) {
            say(" ---> " + stage.image.id().shortHex() + "\n");
        }
    }

    private void say(String text) {
        if (!request.quiet()) {
            out.onProgress(ProgressMessage.stream(text));
        }
    }
}
