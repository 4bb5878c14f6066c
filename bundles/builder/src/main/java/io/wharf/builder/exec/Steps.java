package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.builder.dockerfile.Commands;
import io.wharf.builder.dockerfile.Instruction;
import io.wharf.builder.remote.HttpDownloads;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one instruction of a stage: plans it, asks the cache, and otherwise does its layer work (RUN, COPY/ADD,
 * WORKDIR) and stores the step's image.
 */
final class Steps {
    private final ImageMaker maker;
    private final BuildCache cache;
    private final RunStep runStep;
    private final CopyStep copyStep;
    private final HttpDownloads downloads;

    Steps(ImageMaker maker, BuildCache cache, StepContainers containers, LinuxFs fs, HttpDownloads downloads) {
        this.maker = maker;
        this.cache = cache;
        this.runStep = new RunStep(containers);
        this.copyStep = new CopyStep(containers, fs);
        this.downloads = downloads;
    }

    /** @param stages an earlier stage's result by name or number, or null */
    void execute(Stage stage, Instruction i, Instructions instructions, Function<String, Image> stages,
                 BaseImages bases, BuildContext context, BuildRequest request, ProgressListener out,
                 CompletionStage<Void> cancelled) throws IOException {
        switch (i.keyword()) {
            case "RUN" -> {
                Commands.Command command = Commands.of(i, stage.shell());
                String createdBy = HistoryText.run(command.argv(), stage.runArgs());
                // a #! here-document runs as a file the command names: its text is part of the step
                String cacheText = createdBy + command.script().map(h -> "\nscript=" + h.content()).orElse("");
                Path scratch = context.scratchDir();
                commit(stage, new StepPlan(createdBy, cacheText, stage.config,
                        base -> runStep.run(base, stage, command, scratch, request, out, cancelled), null),
                        request, out);
            }
            case "WORKDIR" -> {
                String dir = instructions.expand(stage, Instructions.rest(i));
                String path = "/" + String.join("/", RootfsWriter.components(CopyStep.absolute(stage, dir)));
                String createdBy = HistoryText.sameWord(stage.shell(), "WORKDIR " + path);
                commit(stage, new StepPlan(createdBy, createdBy, stage.config.withWorkingDir(path),
                        base -> copyStep.makeDirectory(base, stage, path, request), null), request, out);
            }
            case "COPY", "ADD" -> copy(stage, i, instructions, stages, bases, context, request, out);
            default -> commit(stage, instructions.plan(stage, i), request, out);
        }
    }

    private void copy(Stage stage, Instruction i, Instructions instructions, Function<String, Image> stages,
                      BaseImages bases, BuildContext context, BuildRequest request, ProgressListener out)
            throws IOException {
        List<String> words = new ArrayList<>();
        for (String w : i.words()) {
            words.add(instructions.expand(stage, w));
        }
        if (words.size() < 2) {
            throw EngineException.invalid("%s requires at least two arguments, but got %d", i.keyword(),
                    words.size());
        }
        List<String> patterns = words.subList(0, words.size() - 1);
        String dest = words.get(words.size() - 1);
        boolean add = i.keyword().equals("ADD");
        if (!add && patterns.stream().anyMatch(RemoteSources::isUrl)) {
            throw EngineException.invalid("source can't be a URL for COPY");
        }
        String from = i.flags().get("from");
        String chown = i.flags().get("chown");
        Integer chmod = chmod(i.flags().get("chmod"));
        // ADD unpacks local archives from the context; COPY never, nor ADD --from, nor a URL's file (Docker's rules)
        boolean unpackLocal = add && (from == null || from.isEmpty());
        try (HeredocFiles heredocs = HeredocFiles.write(i, context.scratchDir(),
                text -> instructions.expandText(stage, text))) {
            List<String> written = i.words();
            boolean anyHeredoc = written.subList(0, patterns.size()).stream().anyMatch(w -> heredocs.file(w) != null);
            boolean anyUrl = add && patterns.stream().anyMatch(RemoteSources::isUrl);
            ContextIndex index = from == null || from.isEmpty() ? context.index() : null;
            if (index != null && !anyHeredoc && !anyUrl) {
                // resolved and hashed from the context's index: its files are unpacked only if the step runs
                List<String> names = new ArrayList<>();
                patterns.forEach(p -> names.addAll(index.resolve(p)));
                String checksum = index.checksum(names);
                // COPY streams from the context's tar; sources that write a path twice (their order decides
                // which wins) and ADD (which looks into files for archives) copy from the unpacked context
                StepPlan.LayerWork work = !add && index.oneEntryPerPath()
                        && (names.size() == 1 || index.disjoint(names))
                        ? base -> copyStep.copyFromContext(base, stage, context, names, dest, chown, chmod,
                                request)
                        : base -> copyStep.copy(base, stage, CopySources.resolve(context.root(), patterns), dest,
                                chown, chmod, source -> unpackLocal, request);
                commit(stage, copyPlan(stage, i, checksum, checksum, dest, chown, chmod, unpackLocal, work),
                        request, out);
                return;
            }
            boolean needsRoot = false;
            for (int n = 0; n < patterns.size(); n++) {
                needsRoot |= heredocs.file(written.get(n)) == null && !(add && RemoteSources.isUrl(patterns.get(n)));
            }
            try (CopyStep.SourceRoot root = needsRoot ? sourceRoot(from, stage, stages, bases, context, request)
                    : null;
                 RemoteSources remote = new RemoteSources(downloads, context.scratchDir())) {
                List<Path> sources = new ArrayList<>();
                for (int n = 0; n < patterns.size(); n++) {
                    Path heredoc = heredocs.file(written.get(n));
                    if (heredoc != null) {
                        sources.add(heredoc);
                    } else if (add && RemoteSources.isUrl(patterns.get(n))) {
                        sources.add(remote.download(patterns.get(n)));
                    } else {
                        sources.addAll(CopySources.resolve(root.path(), List.of(patterns.get(n))));
                    }
                }
                Predicate<Path> extract = source -> unpackLocal && !remote.downloaded(source);
                String checksum = CopySources.checksum(sources);
                // the classic builder shows one URL's hash bare, without the file: of a local source
                String shown = sources.size() == 1 && remote.downloaded(sources.get(0))
                        ? checksum.substring(checksum.indexOf(':') + 1) : checksum;
                commit(stage, copyPlan(stage, i, checksum, shown, dest, chown, chmod, unpackLocal,
                        base -> copyStep.copy(base, stage, sources, dest, chown, chmod, extract, request)),
                        request, out);
            }
        }
    }

    /** {@code shown} is the checksum as the history text shows it (a single URL's without its {@code file:}). */
    private static StepPlan copyPlan(Stage stage, Instruction i, String checksum, String shown, String dest,
                                     String chown, Integer chmod, boolean extract, StepPlan.LayerWork work) {
        String createdBy = HistoryText.sameWord(stage.shell(), i.keyword() + " " + shown + " in " + dest + " ");
        String cacheText = createdBy + "\nchown=" + chown + "\nchmod=" + chmod + "\nextract=" + extract;
        return new StepPlan(createdBy, cacheText, stage.config, work, checksum);
    }

    private CopyStep.SourceRoot sourceRoot(String from, Stage stage, Function<String, Image> stages,
                                           BaseImages bases, BuildContext context, BuildRequest request)
            throws IOException {
        if (from == null || from.isEmpty()) {
            return new CopyStep.SourceRoot(context.root(), () -> { });
        }
        Image image = stages.apply(from);
        if (image == null) {
            image = bases.resolve(from);
        }
        return copyStep.mountImage(image, stage, request);
    }

    private static Integer chmod(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int mode = Integer.parseInt(value, 8);
            if (mode < 0 || mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid chmod parameter %s: it must be an octal mode", value);
        }
    }

    /** A step found in a {@code --cache-from} image becomes an image (and a record) of its own. */
    private Optional<Image> fromCacheSources(Stage stage, StepPlan plan, String key) throws IOException {
        Optional<CacheFromImages.Match> match = stage.cacheFrom.match(stage.image, plan.createdBy());
        if (match.isEmpty()) {
            return Optional.empty();
        }
        Image image = match.get().isLast() ? match.get().target()
                : maker.restored(stage.image, plan.config(), match.get().target(), match.get().index());
        cache.put(key, image, stage.image, plan.createdBy());
        return Optional.of(image);
    }

    /** Takes the cached image for the plan, or does the work and stores the step's image. */
    void commit(Stage stage, StepPlan plan, BuildRequest request, ProgressListener out) throws IOException {
        String key = BuildCache.key(stage.image, plan.cacheText(), plan.checksum());
        if (!request.noCache()) {
            var hit = cache.find(key);
            if (hit.isEmpty()) {
                hit = fromCacheSources(stage, plan, key);
            }
            if (hit.isPresent()) {
                if (!request.quiet()) {
                    out.onProgress(ProgressMessage.stream(" ---> Using cache\n"));
                }
                stage.image = hit.get();
                stage.config = plan.config();
                return;
            }
        }
        Image base = stage.image;
        Digest diffId = null;
        if (plan.work() != null) {
            if (base == null) {
                base = maker.empty();
            }
            diffId = plan.work().make(base);
        }
        Image made = maker.child(base, plan.config(), stage.author, plan.createdBy(), diffId);
        cache.put(key, made, stage.image, plan.createdBy());
        stage.image = made;
        stage.config = plan.config();
    }
}
