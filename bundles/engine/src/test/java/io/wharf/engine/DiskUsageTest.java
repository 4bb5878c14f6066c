package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.build.ImageBuilder;
import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.engine.rest.DiskUsageBody;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskUsageTest {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final Digest L1 = Digest.sha256("layer1".getBytes());
    static final Digest L2 = Digest.sha256("layer2".getBytes());
    static final Digest L3 = Digest.sha256("layer3".getBytes());

    static Image image(String tag, long size, List<Digest> diffIds, Map<String, String> labels) {
        List<ImageConfig.History> history = diffIds.stream()
                .map(d -> new ImageConfig.History("2024-01-01T00:00:00Z", "ADD " + d.shortHex(), null, null, null))
                .toList();
        ImageConfig config = new ImageConfig("amd64", "linux", null, "2024-01-01T00:00:00Z", null, null, null,
                ContainerConfig.empty().withLabels(labels), ImageConfig.RootFs.layers(diffIds), history);
        byte[] raw = (tag + size).getBytes();
        return new Image(Digest.sha256(raw), raw, config, tag == null ? List.of() : List.of(tag), List.of(), null,
                size, null);
    }

    /** Layer sizes: layer1 100, layer2 50, layer3 30, told through docker history, newest row first. */
    static final Map<Digest, Long> LAYER_SIZES = Map.of(L1, 100L, L2, 50L, L3, 30L);

    static ImageService images(List<Image> list) {
        return (ImageService) Proxy.newProxyInstance(DiskUsageTest.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> list;
                    case "history" -> {
                        Image img = list.stream().filter(i -> i.id().toString().equals(args[0])).findFirst().orElseThrow();
                        List<HistoryItem> rows = new java.util.ArrayList<>();
                        for (Digest d : img.config().diffIds()) {
                            rows.add(0, new HistoryItem("<missing>", 0, "", null, LAYER_SIZES.get(d), ""));
                        }
                        yield rows;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static ContainerService containers(List<ContainerInfo> list) {
        return (ContainerService) Proxy.newProxyInstance(DiskUsageTest.class.getClassLoader(),
                new Class<?>[] {ContainerService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> list;
                    case "sizeRw" -> 7L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static ContainerInfo container(String name, ContainerInfo.Status status, Digest image) {
        return new ContainerInfo(name + "-id", name, "base", image, NOW.minus(Duration.ofHours(3)),
                ContainerConfig.empty().withEntrypoint(List.of("/init")).withCmd(List.of("serve", "-v")),
                new ContainerInfo.State(status, 0, 2, NOW.minus(Duration.ofHours(2)), NOW.minusSeconds(300)),
                List.of(new ContainerInfo.MountPoint("/data", "/var/lib/wharf/volumes/v/_data", false, "volume", "v")));
    }

    @Test
    void reportsImagesContainersAndDistinctLayers() {
        Image base = image("base:1", 150, List.of(L1, L2), Map.of("a", "b"));
        Image app = image("app:1", 180, List.of(L1, L2, L3), Map.of());
        ContainerInfo web = container("web", ContainerInfo.Status.RUNNING, base.id());
        ContainerInfo job = container("job", ContainerInfo.Status.EXITED, base.id());
        DiskUsageBody report = new DiskUsage(images(List.of(base, app)), containers(List.of(web, job)), null, NOW)
                .report(null);

        assertEquals(List.of("LayersSize", "Images", "Containers", "Volumes", "BuildCache"), keys(report));
        assertEquals(180L, report.layersSize(), "shared layers count once");
        DiskUsageBody.ImageRow baseRow = report.images().stream().filter(r -> r.id().equals(base.id().toString()))
                .findFirst().orElseThrow();
        assertEquals(2, baseRow.containers());
        assertEquals(150L, baseRow.sharedSize());
        assertEquals(150L, baseRow.size());
        assertEquals(List.of("base:1"), baseRow.repoTags());
        assertEquals(Map.of("a", "b"), baseRow.labels());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(), baseRow.created());

        DiskUsageBody.ContainerRow webRow = report.containers().get(0);
        assertEquals(List.of("/web"), webRow.names());
        assertEquals("/init serve -v", webRow.command());
        assertEquals(7L, webRow.sizeRw());
        assertEquals(157L, webRow.sizeRootFs());
        assertEquals("running", webRow.state());
        assertEquals("Up 2 hours", webRow.status());
        assertEquals("Exited (2) 5 minutes ago", report.containers().get(1).status());
        DiskUsageBody.MountRow mount = webRow.mounts().get(0);
        assertEquals("volume", mount.type());
        assertEquals(true, mount.rw());
        assertEquals(List.of(), report.volumes());
        assertEquals(List.of(), report.buildCache());
    }

    @Test
    void worksWithoutServicesAndHonoursTypes() {
        DiskUsageBody empty = new DiskUsage(null, null, null, NOW).report(List.of());
        assertEquals(0L, empty.layersSize());
        assertEquals(List.of(), empty.images());
        assertEquals(List.of(), empty.containers());
        assertEquals(List.of("Volumes"), keys(new DiskUsage(null, null, null, NOW).report(List.of("volume"))));
        EngineException e = assertThrows(EngineException.class,
                () -> new DiskUsage(null, null, null, NOW).report(List.of("bogus")));
        assertEquals("unknown object type: bogus", e.getMessage());
    }

    @Test
    void listsTheBuildersCacheRecordsAsDockerWritesThem() throws Exception {
        BuildCacheRecord first = new BuildCacheRecord("k1", List.of(), "regular", "RUN a", false, true, 10,
                NOW.minusSeconds(60), null, 0);
        BuildCacheRecord second = new BuildCacheRecord("k2", List.of("k1"), "regular", "COPY b", false, false, 20,
                NOW.minusSeconds(30), NOW, 3);
        ImageBuilder builder = (ImageBuilder) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ImageBuilder.class}, (proxy, method, args) -> List.of(first, second));
        DiskUsageBody body = new DiskUsage(null, null, null, builder, NOW).report(List.of("build-cache"));
        String json = new ObjectMapper().writeValueAsString(body.buildCache());
        assertEquals("[{\"ID\":\"k1\",\"Type\":\"regular\",\"Description\":\"RUN a\",\"InUse\":false,"
                + "\"Shared\":true,\"Size\":10,\"CreatedAt\":\"2024-05-01T11:59:00Z\",\"LastUsedAt\":null,"
                + "\"UsageCount\":0},{\"ID\":\"k2\",\"Parent\":\"k1\",\"Parents\":[\"k1\"],\"Type\":\"regular\","
                + "\"Description\":\"COPY b\",\"InUse\":false,\"Shared\":false,\"Size\":20,"
                + "\"CreatedAt\":\"2024-05-01T11:59:30Z\",\"LastUsedAt\":\"2024-05-01T12:00:00Z\",\"UsageCount\":3}]",
                json);
    }

    @Test
    void statusTexts() {
        ContainerInfo.State created = new ContainerInfo.State(ContainerInfo.Status.CREATED, 0, 0, null, null);
        assertEquals("Created", DiskUsage.status(created, NOW));
        ContainerInfo.State paused = new ContainerInfo.State(ContainerInfo.Status.PAUSED, 1, 0, NOW.minusSeconds(30),
                null);
        assertEquals("Up 30 seconds (Paused)", DiskUsage.status(paused, NOW));
    }

    @Test
    void containerCountsForInfo() {
        ContainerCounts counts = ContainerCounts.of(containers(List.of(
                container("a", ContainerInfo.Status.RUNNING, null), container("b", ContainerInfo.Status.PAUSED, null),
                container("c", ContainerInfo.Status.EXITED, null), container("d", ContainerInfo.Status.CREATED, null))));
        assertEquals(new ContainerCounts(4, 1, 1, 2), counts);
        assertEquals(new ContainerCounts(0, 0, 0, 0), ContainerCounts.of(null));
    }


    @Test
    void volumesShowTheirSizeAndUsers() throws Exception {
        io.wharf.api.volume.Volume data = new io.wharf.api.volume.Volume("data", "local", "/v/data/_data",
                java.time.Instant.parse("2026-11-27T10:00:00.5Z"), Map.of(), null, "local", Map.of());
        io.wharf.api.volume.VolumeService volumes = new io.wharf.api.volume.VolumeService() {
            public io.wharf.api.volume.Volume create(String n, String d, Map<String, String> o, Map<String, String> l) {
                throw new UnsupportedOperationException();
            }
            public io.wharf.api.volume.Volume get(String n) {
                throw new UnsupportedOperationException();
            }
            public java.nio.file.Path mount(String n, String c) {
                throw new UnsupportedOperationException();
            }
            public void unmount(String n, String c) {
            }
            public List<io.wharf.api.volume.VolumeUsage> diskUsage() {
                return List.of(new io.wharf.api.volume.VolumeUsage(data, 4096, 2));
            }
            public void remove(String n, boolean f) {
            }
        };
        List<DiskUsageBody.VolumeRow> report = new DiskUsage(null, null, volumes, NOW).report(List.of("volume"))
                .volumes();
        assertEquals(1, report.size());
        assertEquals("data", report.get(0).name());
        assertEquals("2026-11-27T10:00:00Z", report.get(0).createdAt());
        assertEquals(new DiskUsageBody.UsageData(4096L, 2), report.get(0).usageData());
        assertEquals("{\"Size\":4096,\"RefCount\":2}", new ObjectMapper().writeValueAsString(report.get(0).usageData()));
    }

    /** The keys the body is written with, in order, as Jersey's ObjectMapper writes it. */
    private static List<String> keys(DiskUsageBody body) {
        List<String> keys = new java.util.ArrayList<>();
        new ObjectMapper().valueToTree(body).fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
