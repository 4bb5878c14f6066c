package io.wharf.containerfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.container.ContainerInfo;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.events.Event;
import io.wharf.api.image.Image;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerCommitterTest {
    private static final String LOWER = "sha256:" + "1".repeat(64);
    @TempDir
    Path tmp;
    Fakes.Containers containers;
    Fakes.Layers layers;
    Fakes.Images images;
    Fakes.Events events;
    ContainerCommitter committer;
    Image parent;

    @BeforeEach
    void setUp() throws IOException {
        images = new Fakes.Images();
        parent = images.add(("{\"architecture\":\"arm64\",\"os\":\"linux\",\"created\":\"2020-01-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"sh\"],\"Env\":[\"PATH=/bin\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + LOWER + "\"]},"
                + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        ContainerConfig config = ContainerConfig.empty().withCmd(List.of("sh", "-c", "echo hi > /x"))
                .withEnv(List.of("PATH=/bin", "MODE=dev")).withLabels(Map.of("team", "a"));
        containers = new Fakes.Containers(Fakes.container("web", config, ContainerInfo.Status.RUNNING, parent.id(),
                List.of()), tmp);
        layers = new Fakes.Layers();
        layers.diff = new Tars().file("x", "hi\n").bytes();
        events = new Fakes.Events();
        committer = new ContainerCommitter(containers, layers, images, () -> events, "0.1.0",
                Clock.fixed(Instant.parse("2024-05-01T12:00:00.5Z"), ZoneOffset.UTC));
    }

    JsonNode stored() throws IOException {
        return Json.WITHOUT_NULLS.readTree(images.storedConfig);
    }

    @Test
    void commitMakesAChildImageOfTheContainersImage() throws IOException {
        ImageReference tag = ImageReference.parse("myapp").withDefaultTag();
        Digest id = committer.commit(new ContainerCommitter.Request("web", tag, "me", "first", true, null,
                List.of("ENV MODE=prod", "CMD [\"run\"]", "EXPOSE 80")));

        assertEquals(Digest.sha256(images.storedConfig), id);
        assertEquals(List.of("pause", "unpause"), containers.calls);
        assertEquals(parent.id(), images.storedParent);
        assertEquals(List.of(parent.topChainId()), images.registeredOn);
        assertEquals(id, images.references.get(tag));

        JsonNode c = stored();
        assertEquals("arm64", c.get("architecture").asText());
        assertEquals(Fakes.ID, c.get("container").asText());
        assertEquals("busybox", c.get("container_config").get("Image").asText());
        assertEquals("me", c.get("author").asText());
        assertEquals("first", c.get("comment").asText());
        assertEquals("2024-05-01T12:00:00.5Z", c.get("created").asText());
        assertEquals(2, c.get("rootfs").get("diff_ids").size());
        assertEquals(LOWER, c.get("rootfs").get("diff_ids").get(0).asText());
        assertEquals(Digest.sha256(layers.diff).toString(), c.get("rootfs").get("diff_ids").get(1).asText());
        JsonNode history = c.get("history");
        assertEquals(2, history.size());
        assertEquals("ADD rootfs", history.get(0).get("created_by").asText());
        assertEquals("sh -c echo hi > /x", history.get(1).get("created_by").asText());
        assertEquals("first", history.get(1).get("comment").asText());
        assertFalse(history.get(1).has("empty_layer"));

        JsonNode config = c.get("config");
        assertEquals("[\"PATH=/bin\",\"MODE=prod\"]", config.get("Env").toString(), "ENV replaces in place");
        assertEquals("[\"run\"]", config.get("Cmd").toString());
        assertTrue(config.get("ExposedPorts").has("80/tcp"));
        assertEquals("a", config.get("Labels").get("team").asText());

        Event event = events.published.get(0);
        assertEquals("commit", event.action());
        assertEquals(Fakes.ID, event.actorId());
        assertEquals(id.toString(), event.attributes().get("imageID"));
        assertEquals("myapp:latest", event.attributes().get("imageRef"));
        assertEquals("web", event.attributes().get("name"));
    }

    @Test
    void anUnchangedContainerGetsAnEmptyHistoryEntryButNoLayer() throws IOException {
        layers.diff = new byte[10240]; // a tar with nothing in it
        Digest id = committer.commit(new ContainerCommitter.Request("web", null, null, null, false, null, null));
        assertTrue(images.registeredLayers.isEmpty());
        JsonNode c = stored();
        assertEquals(1, c.get("rootfs").get("diff_ids").size());
        assertTrue(c.get("history").get(1).get("empty_layer").asBoolean());
        assertFalse(c.has("author"));
        assertEquals(List.of(), containers.calls, "pause=false");
        assertFalse(id.equals(parent.id()));
        assertEquals("", events.published.get(0).attributes().get("imageRef"));
    }

    @Test
    void bodyConfigReplacesTheContainersAndIsCompletedFromIt() throws IOException {
        ContainerConfig body = ContainerConfig.empty().withEntrypoint(List.of("/entry")).withEnv(List.of("X=1"));
        committer.commit(new ContainerCommitter.Request("web", null, null, null, true, body, List.of()));
        JsonNode config = stored().get("config");
        assertEquals("[\"/entry\"]", config.get("Entrypoint").toString());
        assertNull(config.get("Cmd"), "with an entrypoint given, the container's Cmd is not inherited");
        assertEquals("[\"X=1\",\"PATH=/bin\",\"MODE=dev\"]", config.get("Env").toString());
    }

    @Test
    void stoppedContainersAreNotPausedAndBadChangesFailFirst() throws IOException {
        containers.container = Fakes.container("web", containers.container.config(), ContainerInfo.Status.EXITED,
                parent.id(), List.of());
        committer.commit(new ContainerCommitter.Request("web", null, null, null, true, null, null));
        assertEquals(List.of(), containers.calls);

        containers.container = Fakes.container("web", containers.container.config(), ContainerInfo.Status.RUNNING,
                parent.id(), List.of());
        EngineException e = assertThrows(EngineException.class, () -> committer.commit(
                new ContainerCommitter.Request("web", null, null, null, true, null, List.of("RUN rm -rf /"))));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("RUN is not a valid change command", e.getMessage());
        assertEquals(List.of(), containers.calls);

        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> committer.commit(
                new ContainerCommitter.Request("", null, null, null, true, null, null))).kind());
    }
}
