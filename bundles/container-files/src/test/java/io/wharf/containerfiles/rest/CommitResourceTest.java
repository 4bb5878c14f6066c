package io.wharf.containerfiles.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.containerfiles.Fakes;
import io.wharf.containerfiles.Tars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitResourceTest {
    @TempDir
    Path tmp;

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bodyMayBeEmptyOrNull() throws IOException {
        assertNull(CommitResource.config(text("")));
        assertNull(CommitResource.config(text("null")));
        assertEquals(List.of("x"), CommitResource.config(text("{\"Cmd\":[\"x\"],\"Hostname\":\"h\"}")).cmd());
        assertEquals(ErrorKind.INVALID_PARAMETER,
                assertThrows(EngineException.class, () -> CommitResource.config(text("{"))).kind());
    }

    @Test
    void repositoryAndTag() {
        assertNull(CommitResource.repoTag("", "v1"));
        assertEquals("docker.io/library/app:latest", CommitResource.repoTag("app", null).toString());
        assertEquals("localhost:5000/app:v1", CommitResource.repoTag("localhost:5000/app", "v1").toString());
        assertEquals("cannot import digest reference", assertThrows(EngineException.class,
                () -> CommitResource.repoTag("app@sha256:" + "a".repeat(64), null)).getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER,
                assertThrows(EngineException.class, () -> CommitResource.repoTag("App", null)).kind());
    }

    @Test
    void answers201WithTheImageId() throws IOException {
        Fakes.Images images = new Fakes.Images();
        var parent = images.add("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
        Fakes.Containers containers = new Fakes.Containers(Fakes.container("web",
                io.wharf.api.model.ContainerConfig.empty(), ContainerInfo.Status.RUNNING, parent.id(), List.of()), tmp);
        Fakes.Layers layers = new Fakes.Layers();
        layers.diff = new Tars().file("f", "1").bytes();
        CommitResource resource = new CommitResource(containers, layers, images, "0.1.0");
        var response = resource.commit("web", "app", "v2", null, null, null, null, text(""));
        assertEquals(201, response.getStatus());
        CommitResource.IdResponse body = (CommitResource.IdResponse) response.getEntity();
        assertEquals(images.references.values().iterator().next().toString(), body.id());
        assertEquals(List.of("pause", "unpause"), containers.calls, "pause defaults to true");
        assertEquals(1, images.registeredLayers.size());
    }
}
