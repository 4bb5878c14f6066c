package io.wharf.volumes.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.events.Event;
import io.wharf.api.volume.Volume;
import io.wharf.volumes.testing.FakeContainers;
import io.wharf.volumes.testing.FakeDriver;
import io.wharf.volumes.testing.RecordingEventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeManagerTest {
    @TempDir
    Path dataRoot;

    private FakeDriver local;
    private FakeDriver other;
    private VolumeDrivers drivers;
    private FakeContainers containers;
    private RecordingEventBus events;
    private VolumeManager volumes;

    @BeforeEach
    void setUp() throws IOException {
        local = new FakeDriver("local", "local", dataRoot.resolve("volumes"));
        other = new FakeDriver("other", "global", dataRoot.resolve("other"));
        drivers = new VolumeDrivers(0); // a removed driver is not waited for here
        drivers.add("local", local);
        drivers.add("other", other);
        containers = new FakeContainers();
        events = new RecordingEventBus();
        volumes = newManager();
    }

    private VolumeManager newManager() throws IOException {
        return new VolumeManager(drivers, dataRoot.resolve("volumes-meta"), () -> containers, () -> events);
    }

    private static EngineException failure(ErrorKind kind, String message,
                                           org.junit.jupiter.api.function.Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    private List<String> names(Map<String, List<String>> filters) {
        return volumes.list(filters).volumes().stream().map(Volume::name).toList();
    }

    // ------------------------------------------------------------------ create

    @Test
    void createsNamedVolumesInTheLocalDriverByDefault() throws IOException {
        Volume v = volumes.create("data", null, Map.of("type", "tmpfs"), Map.of("b", "2", "a", "1"));
        assertEquals("data", v.name());
        assertEquals("local", v.driver());
        assertEquals("local", v.scope());
        assertEquals(dataRoot.resolve("volumes/data/_data").toString(), v.mountpoint());
        assertEquals(List.of("a", "b"), List.copyOf(v.labels().keySet()), "sorted like Go's maps");
        assertEquals(Map.of("type", "tmpfs"), v.options());
        assertEquals(Map.of("type", "tmpfs"), local.options.get("data"));
        assertFalse(v.anonymous());
        assertTrue(Math.abs(v.createdAt().getEpochSecond() - Instant.now().getEpochSecond()) < 60);
        Event created = events.events.get(0);
        assertEquals("volume", created.type());
        assertEquals("create", created.action());
        assertEquals("data", created.actorId());
        assertEquals(Map.of("driver", "local"), created.attributes());
    }

    @Test
    void anonymousVolumesGetARandomNameAndTheLabel() throws IOException {
        Volume a = volumes.create(null, null, null, null);
        Volume b = volumes.create("", "", Map.of(), Map.of("x", "y"));
        assertTrue(a.name().matches("[0-9a-f]{64}"), a.name());
        assertTrue(b.name().matches("[0-9a-f]{64}"), b.name());
        assertFalse(a.name().equals(b.name()));
        assertEquals(Map.of(Volume.ANONYMOUS_LABEL, ""), a.labels());
        assertEquals(Map.of(Volume.ANONYMOUS_LABEL, "", "x", "y"), b.labels());
        assertTrue(a.anonymous());
        assertEquals("local", a.driver());
        assertNull(a.options(), "no options given stays null");
    }

    @Test
    void creatingAnExistingVolumeReturnsIt() throws IOException {
        Volume first = volumes.create("data", "local", Map.of(), Map.of("a", "1"));
        Volume again = volumes.create("data", "local", Map.of("ignored", "x"), Map.of("b", "2"));
        Volume anyDriver = volumes.create("data", null, null, null);
        assertEquals(first, again);
        assertEquals(first, anyDriver);
        assertEquals(List.of("create data"), local.calls);
        assertEquals(List.of("create data"), events.summary(), "no event for a volume that already existed");
    }

    @Test
    void createWithAnotherDriverIsAConflict() throws IOException {
        volumes.create("data", "local", null, null);
        failure(ErrorKind.CONFLICT,
                "create data: driver 'local' already has volume 'data': volume name must be unique",
                () -> volumes.create("data", "other", null, null));
    }

    @Test
    void unknownDriverIsNotFound() {
        failure(ErrorKind.NOT_FOUND, "create data: error looking up volume plugin nope: plugin \"nope\" not found",
                () -> volumes.create("data", "nope", null, null));
    }

    @Test
    void driverErrorsKeepTheirKindAndGetTheOperationPrefix() {
        local.failCreate = EngineException.invalid("invalid option: \"colour\"");
        failure(ErrorKind.INVALID_PARAMETER, "create data: invalid option: \"colour\"",
                () -> volumes.create("data", null, Map.of("colour", "blue"), null));
        assertEquals(List.of(), names(Map.of()));
        assertEquals(List.of(), events.events);
    }

    @Test
    void createOfANameWithoutDriverFindsItInAnyDriver() throws IOException {
        other.addExisting("remote");
        Volume v = volumes.create("remote", null, null, null);
        assertEquals("other", v.driver());
        assertEquals("global", v.scope());
        assertEquals(List.of(), other.calls, "found, not created");
    }

    // ------------------------------------------------------------------ get, list

    @Test
    void getOfAnUnknownVolumeIsNotFound() {
        failure(ErrorKind.NOT_FOUND, "get nothing: no such volume", () -> volumes.get("nothing"));
    }

    @Test
    void listFilters() throws IOException {
        volumes.create("alpha", null, null, Map.of("tier", "web", "env", "prod"));
        volumes.create("beta", null, null, Map.of("tier", "db"));
        volumes.create("gamma", "other", null, null);
        volumes.create("alphabet", null, null, Map.of());
        containers.add("c1", "beta");

        assertEquals(List.of("alpha", "alphabet", "beta", "gamma"), names(Map.of()));
        assertEquals(List.of("alpha", "alphabet", "gamma"), names(Map.of("dangling", List.of("true"))));
        assertEquals(List.of("beta"), names(Map.of("dangling", List.of("0"))));
        assertEquals(List.of("gamma"), names(Map.of("driver", List.of("other"))));
        assertEquals(List.of("alpha", "beta"), names(Map.of("label", List.of("tier"))));
        assertEquals(List.of("beta"), names(Map.of("label", List.of("tier=db"))));
        assertEquals(List.of("alpha"), names(Map.of("label", List.of("tier", "env=prod"))));
        assertEquals(List.of("alpha", "alphabet"), names(Map.of("name", List.of("alph"))));
        assertEquals(List.of("alphabet", "beta"), names(Map.of("name", List.of("bet"))));
        assertEquals(List.of("alpha"), names(Map.of("name", List.of("^alpha$"))));
        assertEquals(List.of("alpha"), names(Map.of("name", List.of("alph"), "label", List.of("env"))));

        failure(ErrorKind.INVALID_PARAMETER, "invalid filter 'colour'",
                () -> volumes.list(Map.of("colour", List.of("red"))));
        failure(ErrorKind.INVALID_PARAMETER, "invalid filter 'dangling=maybe'",
                () -> volumes.list(Map.of("dangling", List.of("maybe"))));
    }

    @Test
    void metadataSurvivesANewInstance() throws IOException {
        Volume v = volumes.create("data", null, Map.of("o", "size=1m"), Map.of("a", "1"));
        assertTrue(Files.exists(dataRoot.resolve("volumes-meta/data.json")));
        VolumeManager reopened = newManager();
        Volume again = reopened.get("data");
        assertEquals(v, again);
        assertEquals(List.of("data"), reopened.list(Map.of()).volumes().stream().map(Volume::name).toList());
    }

    @Test
    void adoptsVolumesTheDriverHasWithoutMetadata() throws IOException {
        local.addExisting("legacy");
        VolumeManager fresh = newManager();
        fresh.adoptAll();
        assertTrue(Files.exists(dataRoot.resolve("volumes-meta/legacy.json")));
        Volume v = fresh.get("legacy");
        assertEquals("local", v.driver());
        assertNull(v.labels());
        assertNull(v.options());
        assertEquals(Instant.parse("2020-01-02T03:04:05Z"), v.createdAt(), "the driver's creation time");
    }

    @Test
    void volumesOfAnAbsentDriverAreListedButNotUsable() throws IOException {
        volumes.create("remote", "other", Map.of("k", "v"), Map.of("l", "1"));
        drivers.remove("other", other);
        VolumeManager withoutOther = newManager();

        Volume v = withoutOther.get("remote");
        assertEquals("other", v.driver());
        assertEquals("global", v.scope(), "as last known");
        assertEquals(dataRoot.resolve("other/remote/_data").toString(), v.mountpoint());
        assertEquals(List.of("remote"), withoutOther.list(Map.of()).volumes().stream().map(Volume::name).toList());

        failure(ErrorKind.UNAVAILABLE, null, () -> withoutOther.mount("remote", "c1"));
        failure(ErrorKind.UNAVAILABLE, null, () -> withoutOther.remove("remote", false));
        failure(ErrorKind.CONFLICT, null, () -> withoutOther.create("remote", "local", null, null));
        assertEquals(v, withoutOther.create("remote", null, null, null), "the name is still taken");

        drivers.add("other", other);
        assertEquals("global", withoutOther.get("remote").scope(), "usable again once the driver is back");
        withoutOther.mount("remote", "c1");
        assertEquals(List.of("mount remote c1"), other.calls.subList(other.calls.size() - 1, other.calls.size()));
    }

    @Test
    void forcedRemoveOfAVolumeWhoseDriverIsAbsentForgetsIt() throws IOException {
        volumes.create("remote", "other", null, null);
        drivers.remove("other", other);
        volumes.remove("remote", true);
        failure(ErrorKind.NOT_FOUND, null, () -> volumes.get("remote"));
    }

    @Test
    void aDriverThatCannotListGivesAWarningAndItsKnownVolumes() throws IOException {
        volumes.create("remote", "other", null, null);
        other.failList = new IOException("connection refused");
        VolumeList list = volumes.list(Map.of());
        assertEquals(List.of("remote"), list.volumes().stream().map(Volume::name).toList());
        assertEquals(List.of("list other: connection refused"), list.warnings());
    }

    @Test
    void metadataOfAVolumeTheDriverLostIsDropped() throws IOException {
        volumes.create("data", null, null, null);
        local.drop("data");
        failure(ErrorKind.NOT_FOUND, "get data: no such volume", () -> volumes.get("data"));
        assertFalse(Files.exists(dataRoot.resolve("volumes-meta/data.json")));
        assertEquals("data", volumes.create("data", "other", null, null).name(), "the name is free again");
    }

    // ------------------------------------------------------------------ remove, usage

    @Test
    void removeRefusesVolumesInUse() throws IOException {
        volumes.create("data", null, null, null);
        containers.add("aaa", "data");
        containers.add("bbb", "data", "else");
        containers.add("ccc", "else");
        failure(ErrorKind.CONFLICT, "remove data: volume is in use - [aaa, bbb]", () -> volumes.remove("data", false));
        failure(ErrorKind.CONFLICT, null, () -> volumes.remove("data", true));
        containers.remove("aaa");
        containers.remove("bbb");
        volumes.remove("data", false);
        assertEquals(List.of("create data", "remove data"), local.calls);
        assertEquals(List.of("create data", "destroy data"), events.summary());
        assertEquals(Map.of("driver", "local"), events.events.get(1).attributes());
        assertFalse(Files.exists(dataRoot.resolve("volumes-meta/data.json")));
    }

    @Test
    void removeOfAnUnknownVolume() throws IOException {
        failure(ErrorKind.NOT_FOUND, "get nothing: no such volume", () -> volumes.remove("nothing", false));
        volumes.remove("nothing", true);
    }

    @Test
    void mountAndUnmountGoToTheDriverWithTheContainerAsMountId() throws IOException {
        volumes.create("data", null, null, null);
        Path path = volumes.mount("data", "c1");
        assertEquals(dataRoot.resolve("volumes/data/_data"), path);
        failure(ErrorKind.CONFLICT, "remove data: volume is in use - [c1]", () -> volumes.remove("data", false));
        volumes.unmount("data", "c1");
        assertEquals(List.of("create data", "mount data c1", "unmount data c1"), local.calls);
        assertEquals(List.of("create data", "mount data", "unmount data"), events.summary());
        assertEquals(Map.of("driver", "local", "container", "c1"), events.events.get(1).attributes());
        volumes.remove("data", false);
        failure(ErrorKind.NOT_FOUND, "get data: no such volume", () -> volumes.mount("data", "c1"));
    }

    // ------------------------------------------------------------------ prune

    @Test
    void pruneRemovesOnlyUnusedAnonymousLocalVolumesByDefault() throws IOException {
        Volume anonymous = volumes.create(null, null, null, null);
        Volume used = volumes.create(null, null, null, null);
        volumes.create("named", null, null, null);
        volumes.create(null, "other", null, null);
        containers.add("c1", used.name());
        Files.write(Path.of(anonymous.mountpoint()).resolve("file"), new byte[1000]);
        Files.createDirectories(Path.of(anonymous.mountpoint()).resolve("dir"));
        Files.write(Path.of(anonymous.mountpoint()).resolve("dir/more"), new byte[24]);
        Files.createLink(Path.of(anonymous.mountpoint()).resolve("hardlink"),
                Path.of(anonymous.mountpoint()).resolve("file"));

        PruneReport report = volumes.prune(Map.of());
        assertEquals(List.of(anonymous.name()), report.volumesDeleted());
        assertEquals(1024, report.spaceReclaimed(), "hard links count once");
        Event prune = events.events.get(events.events.size() - 1);
        assertEquals("prune", prune.action());
        assertEquals(Map.of("reclaimed", "1024"), prune.attributes());
        assertEquals(3, volumes.list(Map.of()).volumes().size(), "the others stay");
    }

    @Test
    void pruneAllRemovesNamedVolumesToo() throws IOException {
        volumes.create("named", null, null, Map.of("keep", "yes"));
        volumes.create("other-named", null, null, Map.of("keep", "no"));
        volumes.create("plain", null, null, null);
        volumes.create("used", null, null, null);
        containers.add("c1", "used");

        assertEquals(List.of("other-named", "plain"),
                volumes.prune(Map.of("all", List.of("true"), "label!", List.of("keep=yes"))).volumesDeleted());
        assertEquals(List.of("named"),
                volumes.prune(Map.of("all", List.of("1"), "label", List.of("keep"))).volumesDeleted());
        assertEquals(List.of("used"), names(Map.of()));
        assertEquals(List.of(), volumes.prune(Map.of("all", List.of("false"))).volumesDeleted());
    }

    @Test
    void pruneFiltersAreValidated() {
        failure(ErrorKind.INVALID_PARAMETER, "invalid filter 'dangling'",
                () -> volumes.prune(Map.of("dangling", List.of("true"))));
        failure(ErrorKind.INVALID_PARAMETER, null, () -> volumes.prune(Map.of("all", List.of("maybe"))));
        failure(ErrorKind.INVALID_PARAMETER, null, () -> volumes.prune(Map.of("all", List.of("true", "false"))));
    }

    @Test
    void pruneWithLabelFilterOnAnonymousVolumes() throws IOException {
        Volume tagged = volumes.create(null, null, null, Map.of("job", "ci"));
        volumes.create(null, null, null, Map.of("job", "dev"));
        assertEquals(List.of(tagged.name()), volumes.prune(Map.of("label", List.of("job=ci"))).volumesDeleted());
    }

    @Test
    void metadataFileNamesAreSafeForAnyName() {
        assertEquals("data.json", MetadataStore.fileName("data"));
        assertEquals("a.b-c_d.json", MetadataStore.fileName("a.b-c_d"));
        assertEquals("%2E.%2Fx.json", MetadataStore.fileName("../x"));
        assertEquals("a%2Fb.json", MetadataStore.fileName("a/b"));
    }
}
