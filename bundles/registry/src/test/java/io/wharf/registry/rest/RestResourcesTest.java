package io.wharf.registry.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.registry.DistributionInspect;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.SearchQuery;
import io.wharf.api.registry.SearchResult;
import io.wharf.imagestore.ContainerLayers;
import io.wharf.imagestore.ImageStore;
import io.wharf.imagestore.rest.ImagesResource;
import io.wharf.registry.support.LayerDirDriver;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST endpoints in Jersey without OSGi or HTTP, registered next to the image store's ImagesResource the
 * way the REST bundle registers them, to show that two root resources on /images coexist.
 */
class RestResourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    private final List<String> calls = new ArrayList<>();
    private ApplicationHandler app;

    /** A distribution service that says what it was asked and answers like the real one. */
    private final class FakeDistribution implements DistributionService {
        @Override
        public void pull(ImageReference reference, Platform platform, boolean allTags, RegistryAuth auth,
                         ProgressListener progress) {
            calls.add("pull " + reference + " " + platform + " " + allTags + " " + auth.username());
            if (reference.tag() != null && reference.tag().equals("nope")) {
                throw EngineException.notFound("manifest for %s not found: manifest unknown: manifest unknown",
                        reference.familiarString());
            }
            progress.onProgress(ProgressMessage.status(reference.tag(), "Pulling from " + reference.path()));
            if (reference.tag() != null && reference.tag().equals("broken")) {
                throw new EngineException(io.wharf.api.errors.ErrorKind.INVALID_PARAMETER,
                        "filesystem layer verification failed for digest sha256:abc");
            }
            progress.onProgress(ProgressMessage.status("Status: Downloaded newer image for "
                    + reference.familiarString()));
        }

        @Override
        public void push(ImageReference reference, boolean allTags, RegistryAuth auth, ProgressListener progress) {
            calls.add("push " + reference + " " + allTags + " " + auth.username());
            progress.onProgress(ProgressMessage.status("The push refers to repository [" + reference.name() + "]"));
            progress.onProgress(ProgressMessage.aux(Map.of("Tag", "1", "Digest", "sha256:x", "Size", 10)));
        }

        @Override
        public String login(RegistryAuth auth) {
            if (!"secret".equals(auth.password())) {
                throw new EngineException(io.wharf.api.errors.ErrorKind.UNAUTHORIZED,
                        "login attempt to http://r/v2/ failed with status: 401 Unauthorized");
            }
            return "Login Succeeded";
        }

        @Override
        public DistributionInspect inspect(ImageReference reference, RegistryAuth auth) {
            return new DistributionInspect(new DistributionInspect.Descriptor(
                    "application/vnd.oci.image.index.v1+json", "sha256:" + "a".repeat(64), 123),
                    List.of(new Platform("linux", "amd64", null), new Platform("linux", "arm64", "v8")));
        }

        @Override
        public List<SearchResult> search(SearchQuery query, RegistryAuth auth) {
            calls.add("search " + query + " " + auth.username());
            return List.of(new SearchResult("localhost:5000/busybox", "", 3, false, false));
        }
    }

    /** What the REST bundle's mapper does: Docker's {"message": ...} with the kind's status. */
    public static final class EngineErrors implements ExceptionMapper<EngineException> {
        @Override
        public Response toResponse(EngineException e) {
            return Response.status(e.kind().httpStatus()).entity(Map.of("message", e.getMessage()))
                    .type("application/json").build();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("image"), new LayerDirDriver(tmp.resolve("layers")));
        ImagesResource images = new ImagesResource(store, new ContainerLayers(store));
        FakeDistribution distribution = new FakeDistribution();
        images.setDistribution(distribution);
        ResourceConfig config = new ResourceConfig();
        config.register(new JacksonJsonProvider(JSON));
        config.register(new EngineErrors());
        config.register(images);
        config.register(new PushResource(distribution));
        config.register(new AuthResource(distribution));
        config.register(new DistributionInspectResource(distribution));
        config.register(new ImageSearchResource(distribution));
        app = new ApplicationHandler(config);
    }

    private record Answer(int status, String body) {
        List<JsonNode> lines() throws IOException {
            List<JsonNode> out = new ArrayList<>();
            for (String l : body.split("\r\n")) {
                if (!l.isBlank()) {
                    out.add(JSON.readTree(l));
                }
            }
            return out;
        }
    }

    private Answer call(String method, String uri, String registryAuth, String body) throws Exception {
        ContainerRequest req = new ContainerRequest(URI.create("http://localhost/"),
                URI.create("http://localhost" + uri), method, null, new MapPropertiesDelegate(), null);
        if (registryAuth != null) {
            req.header("X-Registry-Auth", registryAuth);
        }
        if (body != null) {
            req.header("Content-Type", "application/json");
            req.setEntityStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerResponse r = app.apply(req, out).get();
        return new Answer(r.getStatus(), out.toString(StandardCharsets.UTF_8));
    }

    private static String auth(String user, String password) {
        String json = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"serveraddress\":\"r\"}";
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pushAndTheImageStoreShareImages() throws Exception {
        Answer push = call("POST", "/images/127.0.0.1:5000/team/app/push?tag=1", auth("bob", "x"), null);
        assertEquals(200, push.status());
        assertEquals("The push refers to repository [127.0.0.1:5000/team/app]",
                push.lines().get(0).get("status").asText());
        assertEquals("sha256:x", push.lines().get(1).get("aux").get("Digest").asText());
        assertEquals("push 127.0.0.1:5000/team/app:1 false bob", calls.get(0));

        // the image store's endpoints still answer on the shared /images root
        assertEquals(200, call("GET", "/images/json", null, null).status());
        assertEquals(404, call("GET", "/images/nothing/json", null, null).status());
    }

    @Test
    void searchAnswersTheRegistrysItemsInSnakeCaseAndRefusesBadParameters() throws Exception {
        Answer found = call("GET", "/images/search?term=localhost:5000/busy&limit=5"
                + "&filters=%7B%22is-official%22:%5B%22false%22%5D,%22stars%22:%5B%222%22,%223%22%5D%7D", null, null);
        assertEquals(200, found.status(), found.body());
        assertEquals("[{\"name\":\"localhost:5000/busybox\",\"description\":\"\",\"star_count\":3,"
                + "\"is_official\":false,\"is_automated\":false}]", found.body());
        assertEquals("search SearchQuery[term=localhost:5000/busy, limit=5, official=false, minStars=3, "
                + "automated=false] null", calls.get(0));

        assertEquals(400, call("GET", "/images/search?term=x&limit=-1", null, null).status());
        assertEquals(400, call("GET", "/images/search?term=x&limit=ten", null, null).status());
        Answer stars = call("GET", "/images/search?term=x&filters=%7B%22stars%22:%5B%22many%22%5D%7D", null, null);
        assertEquals(400, stars.status());
        assertEquals("invalid filter 'stars=many'", JSON.readTree(stars.body()).get("message").asText());
        Answer unknown = call("GET", "/images/search?term=x&filters=%7B%22label%22:%5B%22a%22%5D%7D", null, null);
        assertEquals("invalid filter 'label'", JSON.readTree(unknown.body()).get("message").asText());
        // an image named "search" is still the image store's
        assertEquals(404, call("GET", "/images/search/json", null, null).status());
    }

    @Test
    void pushWithoutTagPushesAllTags() throws Exception {
        call("POST", "/images/127.0.0.1:5000/team/app/push", null, null);
        assertEquals("push 127.0.0.1:5000/team/app true null", calls.get(0));
    }

    @Test
    void pullStreamsThroughTheImageStoresCreateEndpoint() throws Exception {
        Answer ok = call("POST", "/images/create?fromImage=busybox&tag=latest", auth("bob", "x"), null);
        assertEquals(200, ok.status());
        assertEquals("Pulling from library/busybox", ok.lines().get(0).get("status").asText());
        assertEquals("latest", ok.lines().get(0).get("id").asText());
        assertEquals("pull docker.io/library/busybox:latest null false bob", calls.get(0));

        Answer all = call("POST", "/images/create?fromImage=busybox&platform=linux/arm64", null, null);
        assertEquals(200, all.status());
        assertEquals("pull docker.io/library/busybox linux/arm64 true null", calls.get(1));
    }

    @Test
    void pullFailuresBeforeAnyOutputAreHttpErrorsAndLaterOnesAreStreamed() throws Exception {
        Answer missing = call("POST", "/images/create?fromImage=busybox&tag=nope", null, null);
        assertEquals(404, missing.status());
        assertEquals("manifest for busybox:nope not found: manifest unknown: manifest unknown",
                JSON.readTree(missing.body()).get("message").asText());

        Answer broken = call("POST", "/images/create?fromImage=busybox&tag=broken", null, null);
        assertEquals(200, broken.status());
        JsonNode last = broken.lines().get(broken.lines().size() - 1);
        assertEquals("filesystem layer verification failed for digest sha256:abc",
                last.get("errorDetail").get("message").asText());
        assertEquals(last.get("error").asText(), last.get("errorDetail").get("message").asText());
    }

    @Test
    void loginAndInspect() throws Exception {
        Answer ok = call("POST", "/auth", null, "{\"username\":\"u\",\"password\":\"secret\",\"serveraddress\":\"r\"}");
        assertEquals(200, ok.status());
        assertEquals("{\"Status\":\"Login Succeeded\",\"IdentityToken\":\"\"}", ok.body());
        Answer refused = call("POST", "/auth", null, "{\"username\":\"u\",\"password\":\"bad\"}");
        assertEquals(401, refused.status());
        assertTrue(refused.body().contains("failed with status: 401 Unauthorized"), refused.body());

        Answer inspect = call("GET", "/distribution/busybox:latest/json", null, null);
        assertEquals(200, inspect.status());
        JsonNode j = JSON.readTree(inspect.body());
        assertEquals(123, j.get("Descriptor").get("size").asInt());
        assertEquals("sha256:" + "a".repeat(64), j.get("Descriptor").get("digest").asText(), j.toString());
        assertEquals("application/vnd.oci.image.index.v1+json", j.get("Descriptor").get("mediaType").asText());
        assertEquals("arm64", j.get("Platforms").get(1).get("architecture").asText());
        assertEquals("v8", j.get("Platforms").get(1).get("variant").asText());
    }
}
