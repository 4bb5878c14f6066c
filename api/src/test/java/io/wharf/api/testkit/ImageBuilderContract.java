package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.build.ImageBuilder;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ImageBuilder} must do for POST /build: a builder's test extends this class and says how to open
 * the builder and the image store it writes to on a fresh directory. The Dockerfiles here start {@code FROM scratch}
 * and have metadata steps only (ENV, LABEL, CMD, ARG), so the suite needs no base image, container or network;
 * steps that run containers (RUN, COPY) are the end-to-end tests' business. It checks what the SPI's javadoc
 * promises: the result in the image store and tagged, build args, targets, the context forms, Docker's build stream,
 * INVALID for a bad request or Dockerfile, cancellation, and a cache that the builder can list and forget.
 */
public abstract class ImageBuilderContract {
    @TempDir
    protected Path home;

    protected ImageBuilder builder;
    protected ImageService images;

    /** The builder under test and the image store it builds into. */
    public record Target(ImageBuilder builder, ImageService images) {
    }

    /** Opens the builder, keeping its state (and the image store's, if it keeps one) under {@code home}, empty. */
    protected abstract Target open(Path home) throws IOException;

    /** Whether the builder keeps a step cache (Docker's does); the cache's checks are skipped for one that does not. */
    protected boolean hasCache() {
        return true;
    }

    @BeforeEach
    void openBuilder() throws IOException {
        Target target = open(home);
        builder = target.builder();
        images = target.images();
    }

    @Test
    void metadataStepsMakeATaggedImageWithTheRequestedLabels() throws IOException {
        String dockerfile = """
                FROM scratch
                ENV GREETING=hello
                LABEL stage=one
                CMD ["/bin/true"]
                """;
        BuildRequest request = request(List.of("contract/meta:1"), Map.of(), Map.of("from-request", "yes"), null);
        Digest id = build(request, tar(dockerfile));

        Image image = images.inspect("contract/meta:1");
        assertEquals(id, image.id());
        ContainerConfig config = image.config().config();
        assertTrue(config.env().contains("GREETING=hello"), String.valueOf(config.env()));
        assertEquals("one", config.labels().get("stage"));
        assertEquals("yes", config.labels().get("from-request"));
        assertEquals(List.of("/bin/true"), config.cmd());
    }

    @Test
    void buildArgsReplaceTheDefaultsOfArgInstructions() throws IOException {
        String dockerfile = "FROM scratch\nARG WHO=nobody\nENV GREETED=$WHO\n";
        Digest given = build(request(List.of(), Map.of("WHO", "contract"), Map.of(), null), tar(dockerfile));
        Digest byDefault = build(plain(), tar(dockerfile));

        assertTrue(env(given).contains("GREETED=contract"), env(given).toString());
        assertTrue(env(byDefault).contains("GREETED=nobody"), env(byDefault).toString());
    }

    @Test
    void aTargetStopsTheBuildAtItsStage() throws IOException {
        String dockerfile = """
                FROM scratch AS first
                LABEL stage=first
                FROM scratch
                LABEL stage=second
                """;
        Digest first = build(request(List.of(), Map.of(), Map.of(), "first"), tar(dockerfile));
        Digest last = build(plain(), tar(dockerfile));

        assertEquals("first", labels(first).get("stage"));
        assertEquals("second", labels(last).get("stage"));
        assertInvalid(() -> build(request(List.of(), Map.of(), Map.of(), "no-such-stage"), tar(dockerfile)));
    }

    @Test
    void theContextMayBeAPlainOrGzippedTarOrABareDockerfile() throws IOException {
        String dockerfile = "FROM scratch\nLABEL form=any\n";
        for (InputStream context : List.of(tar(dockerfile), gzip(Tars.bytes("Dockerfile=" + dockerfile)),
                new ByteArrayInputStream(dockerfile.getBytes(StandardCharsets.UTF_8)))) {
            Digest id = build(plain(), context);
            assertEquals("any", labels(id).get("form"));
        }
    }

    @Test
    void theBuildStreamsItsStepsAndEndsWithTheImageIdAsAux() throws IOException {
        Streamed built = buildStreamed(plain(), "FROM scratch\nLABEL streamed=yes\n");

        String text = built.text();
        assertTrue(text.contains("FROM scratch") && text.contains("LABEL streamed=yes"), text);
        Digest id = built.id();
        List<ProgressMessage> output = built.messages();
        assertTrue(output.stream().anyMatch(m -> m.aux() != null && m.aux().toString().contains(id.toString())),
                "no aux message carries the image ID: " + output);
    }

    @Test
    void aBadDockerfileOrRequestIsInvalid() {
        assertInvalid(() -> build(plain(), tar("FROM scratch\nNOSUCHVERB x\n")));
        assertInvalid(() -> build(plain(), tar("")));
        assertInvalid(() -> build(plain(),
                new ByteArrayInputStream(Tars.bytes("not-the-dockerfile=FROM scratch\n"))));
        assertInvalid(() -> build(request(List.of("Not A Valid Tag!"), Map.of(), Map.of(), null),
                tar("FROM scratch\nLABEL a=b\n")));
    }

    @Test
    void aBuildWhoseClientWentAwayIsCancelledAndTagsNothing() {
        CompletableFuture<Void> gone = CompletableFuture.completedFuture(null);
        assertThrows(CancellationException.class, () -> builder.build(
                request(List.of("contract/cancelled:1"), Map.of(), Map.of(), null),
                tar("FROM scratch\nLABEL a=b\nLABEL c=d\n"), message -> { }, gone));
        EngineException missing = assertThrows(EngineException.class, () -> images.inspect("contract/cancelled:1"));
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
    }

    @Test
    void anUnchangedBuildIsTakenFromTheCacheUntilTheCacheIsPruned() throws IOException {
        assumeTrue(hasCache(), "the builder keeps no cache");
        String dockerfile = "FROM scratch\nENV CACHED=1\nLABEL cached=yes\n";
        Digest first = build(plain(), tar(dockerfile));
        assertEquals(first, build(plain(), tar(dockerfile)),
                "the same steps on the same parent gave another image");
        assertTrue(!builder.cacheRecords().isEmpty(), "the cache lists no record after two builds");

        assertTrue(!builder.pruneCache().cachesDeleted().isEmpty(), "pruning a cache in use removed nothing");
        assertEquals(List.of(), builder.cacheRecords());
        assertEquals(List.of(), builder.pruneCache().cachesDeleted(), "a second prune found records again");
        assertEquals("yes", labels(build(plain(), tar(dockerfile)))
                .get("cached"), "a build after the prune failed");
    }

    @Test
    void noCacheBuildsEveryStepAgain() throws IOException {
        assumeTrue(hasCache(), "the builder keeps no cache");
        String dockerfile = "FROM scratch\nENV FRESH=1\n";
        build(plain(), tar(dockerfile));
        assertTrue(buildStreamed(plain(), dockerfile).text().contains("Using cache"),
                "a second build did not say it used the cache");
        BuildRequest noCache = new BuildRequest(null, List.of(), Map.of(), Map.of(), null, true, false, true, false,
                false, null, List.of(), List.of(), BuildRequest.Resources.none());
        String text = buildStreamed(noCache, dockerfile).text();
        assertTrue(!text.contains("Using cache"), text);
    }

    /** A build's result and the messages it sent. */
    private record Streamed(Digest id, List<ProgressMessage> messages) {
        /** The {@code stream} text, as {@code docker build} prints it. */
        String text() {
            return String.join("", messages.stream().filter(m -> m.stream() != null).map(ProgressMessage::stream)
                    .toList());
        }
    }

    private Streamed buildStreamed(BuildRequest request, String dockerfile) throws IOException {
        List<ProgressMessage> output = new ArrayList<>();
        Digest id = builder.build(request, tar(dockerfile), output::add, new CompletableFuture<>());
        return new Streamed(id, output);
    }

    /** A request as {@code docker build} sends it by default (cache on, intermediate containers removed). */
    protected static BuildRequest request(List<String> tags, Map<String, String> buildArgs, Map<String, String> labels,
                                          String target) {
        return new BuildRequest(null, tags, buildArgs, labels, target, false, false, true, false, false, null,
                List.of(), List.of(), BuildRequest.Resources.none());
    }

    /** The request of a bare {@code docker build .}. */
    protected static BuildRequest plain() {
        return request(List.of(), Map.of(), Map.of(), null);
    }

    private Digest build(BuildRequest request, InputStream context) throws IOException {
        return builder.build(request, context, message -> { }, new CompletableFuture<>());
    }

    private List<String> env(Digest id) {
        return images.inspect(id.toString()).config().config().env();
    }

    private Map<String, String> labels(Digest id) {
        return images.inspect(id.toString()).config().config().labels();
    }

    private static InputStream tar(String dockerfile) throws IOException {
        return new ByteArrayInputStream(Tars.bytes("Dockerfile=" + dockerfile));
    }

    private static InputStream gzip(byte[] tar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(tar);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
        EngineException thrown = assertThrows(EngineException.class, call);
        assertEquals(ErrorKind.INVALID_PARAMETER, thrown.kind(), thrown.getMessage());
    }
}
