package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.SearchItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers (and the docker-java client inside it), unmodified, against a wharfd: what its users do every day.
 * (Not named Test*: Surefire would take it for a unit test.)
 * The image is the local busybox under a registry-style name, which docker-java sends with an encoded slash.
 */
class JavaClientsEndToEndIT {
    private static final DockerImageName BUSYBOX = DockerImageName.parse("localhost/tc-busybox:latest");
    private static Wharfd wharfd;

    @TempDir
    static Path work;

    @BeforeAll
    static void startWharfd() throws Exception {
        wharfd = new Wharfd("testcontainers").start();
        wharfd.docker().run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                BUSYBOX.asCanonicalNameString()).ok();
        System.setProperty(WharfClientStrategy.SOCKET_PROPERTY, wharfd.socket.toString());
    }

    @AfterAll
    static void stopWharfd() throws Exception {
        System.clearProperty(WharfClientStrategy.SOCKET_PROPERTY);
        if (wharfd != null) {
            wharfd.close();
        }
    }

    private static GenericContainer<?> busybox() {
        return new GenericContainer<>(BUSYBOX);
    }

    @Test
    void dockerJavaSeesTheEngineAndItsImages() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        com.github.dockerjava.api.model.Info info = DockerClientFactory.instance().getInfo();
        assertEquals(wharfd.docker().run("info", "--format", "{{.ID}}").ok().out().strip(), info.getId());
        List<Image> images = client.listImagesCmd().exec();
        assertTrue(images.stream().anyMatch(i -> i.getRepoTags() != null
                && List.of(i.getRepoTags()).contains("localhost/tc-busybox:latest")), images.toString());
        assertEquals("localhost/tc-busybox:latest",
                client.inspectImageCmd("localhost/tc-busybox:latest").exec().getRepoTags().get(0));
    }

    @Test
    void imageFromDockerfileBuildsAnImageAContainerThenRuns() throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile("localhost/tc-built:1", false)
                .withFileFromString("Dockerfile", "FROM " + BUSYBOX.asCanonicalNameString() + "\n"
                        + "ARG WORD=unset\nCOPY hello.txt /hello.txt\nRUN echo \"$WORD\" >> /hello.txt\n"
                        + "CMD [\"cat\", \"/hello.txt\"]\n")
                .withFileFromString("hello.txt", "hello from testcontainers\n")
                .withBuildArg("WORD", "built");
        assertEquals("localhost/tc-built:1", image.get());
        try (GenericContainer<?> built = new GenericContainer<>(image)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            built.start();
            assertEquals("hello from testcontainers\nbuilt\n", built.getLogs());
        } finally {
            DockerClientFactory.instance().client().removeImageCmd("localhost/tc-built:1").withForce(true).exec();
        }
    }

    @Test
    void dockerJavaPullsFromARegistry() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), null, null)) {
            String remote = registry.host() + "/tc/pulled:1";
            Docker docker = wharfd.docker();
            docker.run("tag", BUSYBOX.asCanonicalNameString(), remote).ok();
            docker.run("push", remote).ok();
            docker.run("rmi", remote).ok();
            DockerClient client = DockerClientFactory.instance().client();
            // docker-java asks for application/octet-stream here; dockerd ignores Accept (this got 406)
            assertTrue(client.pullImageCmd(registry.host() + "/tc/pulled").withTag("1").start()
                    .awaitCompletion(60, TimeUnit.SECONDS), "pull did not finish");
            List<String> tags = client.inspectImageCmd(remote).exec().getRepoTags();
            assertTrue(tags.contains(remote), tags.toString()); // the local tag was removed before the pull
        }
    }

    @Test
    void dockerJavaSearchesARegistryWithALimit() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry-search"), null, null)) {
            Docker docker = wharfd.docker();
            for (String repo : List.of("tools/searched", "team/searched", "other")) {
                docker.run("tag", BUSYBOX.asCanonicalNameString(), registry.host() + "/" + repo + ":1").ok();
                docker.run("push", registry.host() + "/" + repo + ":1").ok();
                docker.run("rmi", registry.host() + "/" + repo + ":1").ok();
            }
            DockerClient client = DockerClientFactory.instance().client();
            // a v2-only registry: searched through its catalog, as ImageSearchEndToEndIT does with the CLI
            List<SearchItem> found = client.searchImagesCmd(registry.host() + "/searched").exec();
            assertEquals(List.of(registry.host() + "/team/searched", registry.host() + "/tools/searched"),
                    found.stream().map(SearchItem::getName).toList());
            assertEquals(Boolean.FALSE, found.get(0).isOfficial());
            assertEquals(0, found.get(0).getStarCount());
            assertEquals(1, client.searchImagesCmd(registry.host() + "/searched").withLimit(1).exec().size());
        }
    }

    @Test
    void aServerWithAnExposedPortIsReachableOnceItsWaitStrategySaysSo() throws Exception {
        try (GenericContainer<?> web = busybox()
                .withCopyToContainer(Transferable.of("hello from wharf\n"), "/www/index.html")
                .withCommand("httpd", "-f", "-p", "8080", "-h", "/www")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/index.html").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(60)))) {
            web.start();
            URI uri = URI.create("http://" + web.getHost() + ":" + web.getMappedPort(8080) + "/index.html");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("hello from wharf\n", answer.body());
        }
    }

    @Test
    void filesGoInAndCommandsRunInside() throws Exception {
        Path script = Files.writeString(work.resolve("greet.sh"), "#!/bin/sh\necho \"hi $1\"\n");
        try (GenericContainer<?> box = busybox()
                .withCopyFileToContainer(MountableFile.forHostPath(script, 0755), "/opt/greet.sh")
                .withCommand("sleep", "300")) {
            box.start();
            Container.ExecResult result = box.execInContainer("/opt/greet.sh", "testcontainers");
            assertEquals(0, result.getExitCode(), result.getStderr());
            assertEquals("hi testcontainers\n", result.getStdout());
            Container.ExecResult failing = box.execInContainer("sh", "-c", "echo oops >&2; exit 3");
            assertEquals(3, failing.getExitCode());
            assertEquals("oops\n", failing.getStderr());
            box.copyFileFromContainer("/opt/greet.sh", in -> {
                assertEquals(Files.readString(script), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return null;
            });
        }
    }

    @Test
    void containersOnANetworkReachEachOtherByAlias() throws Exception {
        try (Network network = Network.newNetwork();
             GenericContainer<?> server = busybox().withNetwork(network).withNetworkAliases("greeter")
                     .withCopyToContainer(Transferable.of("by alias\n"), "/www/index.html")
                     .withCommand("httpd", "-f", "-p", "80", "-h", "/www");
             GenericContainer<?> client = busybox().withNetwork(network).withCommand("sleep", "300")) {
            server.start();
            client.start();
            Container.ExecResult fetched = client.execInContainer("wget", "-q", "-O", "-", "http://greeter/index.html");
            assertEquals("by alias\n", fetched.getStdout(), fetched.getStderr());
        }
    }

    @Test
    void bindMountsAndLogConsumersWork() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        Files.writeString(shared.resolve("in.txt"), "from the host");
        ToStringConsumer logs = new ToStringConsumer();
        WaitingConsumer waiting = new WaitingConsumer();
        try (GenericContainer<?> box = busybox()
                .withFileSystemBind(shared.toString(), "/shared", BindMode.READ_WRITE)
                .withCommand("sh", "-c", "cat /shared/in.txt; echo; cp /shared/in.txt /shared/out.txt; "
                        + "echo ready; echo to-stderr >&2; sleep 300")
                .withLogConsumer(logs.andThen(waiting))
                .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
            box.start();
            waiting.waitUntil(frame -> frame.getType() == OutputFrame.OutputType.STDERR
                    && frame.getUtf8String().contains("to-stderr"), 30, TimeUnit.SECONDS);
            assertTrue(logs.toUtf8String().contains("from the host"), logs.toUtf8String());
            assertEquals("from the host", Files.readString(shared.resolve("out.txt")));
            assertTrue(box.getLogs().contains("ready"), box.getLogs());
        }
    }

    @Test
    void dockerJavaWaitsForAContainerAndReadsItsExitCodeAndLogs() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        String id = client.createContainerCmd(BUSYBOX.asCanonicalNameString())
                .withCmd("sh", "-c", "echo out; echo err >&2; exit 7").exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int code = client.waitContainerCmd(id).exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
                    .awaitStatusCode(30, TimeUnit.SECONDS);
            assertEquals(7, code);
            assertEquals(7L, client.inspectContainerCmd(id).exec().getState().getExitCodeLong());
            ToStringConsumer logs = new ToStringConsumer();
            client.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new org.testcontainers.containers.output.FrameConsumerResultCallback() {
                        {
                            addConsumer(OutputFrame.OutputType.STDOUT, logs);
                            addConsumer(OutputFrame.OutputType.STDERR, logs);
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
            assertTrue(logs.toUtf8String().contains("out") && logs.toUtf8String().contains("err"), logs.toUtf8String());
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
