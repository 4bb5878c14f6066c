package io.wharf.volume.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.volume.VolumeInfo;
import io.wharf.linux.MountTable;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's bookkeeping with recorded system calls: runs anywhere, no root needed. */
class LocalVolumeDriverTest {
    @TempDir
    Path dataRoot;

    private Path root;
    private RecordingSyscalls syscalls;
    private LocalVolumeDriver driver;

    /** Records mount calls and pretends they succeed; the mount table is never consulted for fake mounts. */
    static final class RecordingSyscalls implements MountSyscalls {
        final List<String> calls = new ArrayList<>();

        @Override
        public void mount(String source, Path target, String fstype, long flags, String data) {
            calls.add("mount " + source + " " + target.getFileName() + " " + fstype + " " + flags + " " + data);
        }

        @Override
        public void unmount(Path target) {
            calls.add("unmount " + target.getFileName());
        }
    }

    @BeforeEach
    void open() throws IOException {
        root = dataRoot.resolve("volumes");
        syscalls = new RecordingSyscalls();
        driver = new LocalVolumeDriver(root, syscalls, new MountTable());
    }

    @Test
    void createsGetsListsAndRemovesPlainVolumes() throws IOException {
        VolumeInfo created = driver.create("data", Map.of());
        assertEquals("data", created.name());
        assertEquals(root.resolve("data/_data").toString(), created.mountpoint());
        assertTrue(Files.isDirectory(root.resolve("data/_data")));
        assertFalse(Files.exists(root.resolve("data/opts.json")), "plain volumes have no options file");
        Instant createdAt = Instant.parse(created.createdAt());
        assertTrue(Math.abs(createdAt.getEpochSecond() - Instant.now().getEpochSecond()) < 60, created.createdAt());
        assertTrue(created.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), created.createdAt());

        driver.create("other", null);
        assertEquals(List.of("data", "other"), driver.list().stream().map(VolumeInfo::name).toList());
        assertEquals(created.mountpoint(), driver.get("data").mountpoint());
        assertEquals("local", driver.scope());
        assertEquals("local", driver.name());

        Files.writeString(root.resolve("data/_data/file"), "x");
        driver.remove("data");
        assertFalse(Files.exists(root.resolve("data")));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> driver.get("data")).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> driver.remove("data")).kind());
        assertEquals(List.of("other"), driver.list().stream().map(VolumeInfo::name).toList());
        assertTrue(syscalls.calls.isEmpty(), "plain volumes are never mounted: " + syscalls.calls);
    }

    @Test
    void createOfAnExistingVolumeReturnsItUnchanged() throws IOException {
        driver.create("data", Map.of("type", "tmpfs", "device", "tmpfs"));
        VolumeInfo again = driver.create("data", Map.of());
        assertEquals("data", again.name());
        assertTrue(Files.exists(root.resolve("data/opts.json")));
    }

    @Test
    void rejectsNamesDockerRejects() {
        EngineException e = assertThrows(EngineException.class, () -> driver.create("bad/name", Map.of()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("\"bad/name\" includes invalid characters for a local volume name, only "
                + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use "
                + "absolute path", e.getMessage());
        for (String name : List.of("..", "../x", "-dash", ".hidden", "a b", "x/../../y", "/abs", "", "tab\t")) {
            assertEquals(ErrorKind.INVALID_PARAMETER,
                    assertThrows(EngineException.class, () -> driver.create(name, Map.of()), name).kind(), name);
        }
        assertEquals("volume name is too short, names should be at least two alphanumeric characters",
                assertThrows(EngineException.class, () -> driver.create("a", Map.of())).getMessage());
        assertEquals(List.of(), driver.list());
        assertFalse(Files.exists(dataRoot.resolve("x")));
    }

    @Test
    void acceptsNamesDockerAccepts() throws IOException {
        for (String name : List.of("ab", "my-vol_1.2", "0a", "A..b")) {
            assertEquals(name, driver.create(name, Map.of()).name());
        }
    }

    @Test
    void rejectsUnknownAndIncompleteOptions() {
        EngineException unknown = assertThrows(EngineException.class,
                () -> driver.create("data", Map.of("type", "tmpfs", "device", "tmpfs", "colour", "blue")));
        assertEquals(ErrorKind.INVALID_PARAMETER, unknown.kind());
        assertEquals("invalid option: \"colour\"", unknown.getMessage());
        assertEquals("missing required option: \"device\"",
                assertThrows(EngineException.class, () -> driver.create("data", Map.of("type", "tmpfs")))
                        .getMessage());
        assertEquals("missing required option: \"type\"",
                assertThrows(EngineException.class, () -> driver.create("data", Map.of("device", "tmpfs")))
                        .getMessage());
        assertEquals("quota size requested but no quota support",
                assertThrows(EngineException.class, () -> driver.create("data", Map.of("size", "10m")))
                        .getMessage());
        EngineException bind = assertThrows(EngineException.class, () -> driver.create("data",
                Map.of("type", "none", "o", "bind", "device", dataRoot.resolve("missing").toString())));
        assertEquals(ErrorKind.INVALID_PARAMETER, bind.kind());
        assertTrue(bind.getMessage().contains("does not exist"), bind.getMessage());
        assertFalse(Files.exists(root.resolve("data")), "a refused volume leaves nothing behind");
    }

    @Test
    void optionsSurviveANewDriverInstance() throws IOException {
        driver.create("fast", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m,uid=1000"));
        driver.create("plain", Map.of());
        String json = Files.readString(root.resolve("fast/opts.json"));
        assertTrue(json.contains("\"MountType\":\"tmpfs\""), json);
        assertTrue(json.contains("\"MountOpts\":\"size=64m,uid=1000\""), json);
        assertTrue(json.contains("\"MountDevice\":\"tmpfs\""), json);

        RecordingSyscalls later = new RecordingSyscalls();
        LocalVolumeDriver reopened = new LocalVolumeDriver(root, later, new MountTable());
        assertEquals(List.of("fast", "plain"), reopened.list().stream().map(VolumeInfo::name).toList());
        assertTrue(later.calls.isEmpty(), "nothing is mounted at start: " + later.calls);
        reopened.mount("fast", "c1");
        assertEquals(List.of("mount tmpfs _data tmpfs 0 size=64m,uid=1000"), later.calls);
        reopened.mount("plain", "c1");
        assertEquals(1, later.calls.size(), "plain volumes need no mount");
    }

    @Test
    void mountsOnFirstUseAndUnmountsAfterTheLastUser() throws IOException {
        driver.create("fast", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"));
        assertTrue(syscalls.calls.isEmpty(), "creating mounts nothing");
        Path path = driver.mount("fast", "c1");
        assertEquals(root.resolve("fast/_data"), path);
        driver.mount("fast", "c2");
        driver.mount("fast", "c2");
        assertEquals(1, syscalls.calls.size());
        driver.unmount("fast", "c1");
        driver.unmount("fast", "c2");
        driver.unmount("fast", "unknown"); // releases nothing
        assertTrue(driver.isMounted("fast"));
        assertEquals(1, syscalls.calls.size());
        driver.unmount("fast", "c2");
        assertFalse(driver.isMounted("fast"));
        assertEquals(List.of("mount tmpfs _data tmpfs 0 size=1m", "unmount _data"), syscalls.calls);
        driver.mount("fast", "c3");
        assertEquals(3, syscalls.calls.size(), "mounted again on the next use");
    }

    @Test
    void removeIsRefusedWhileMounted() throws IOException {
        driver.create("fast", Map.of("type", "tmpfs", "device", "tmpfs"));
        driver.create("plain", Map.of());
        driver.mount("fast", "c1");
        driver.mount("plain", "c1");
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class, () -> driver.remove("fast")).kind());
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class, () -> driver.remove("plain")).kind());
        driver.unmount("fast", "c1");
        driver.unmount("plain", "c1");
        driver.remove("fast");
        driver.remove("plain");
        assertEquals(List.of(), driver.list());
    }

    @Test
    void removeDoesNotFollowSymbolicLinks() throws IOException {
        Path outside = Files.createDirectories(dataRoot.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep");
        driver.create("data", Map.of());
        Files.createSymbolicLink(root.resolve("data/_data/link"), outside);
        Files.createSymbolicLink(root.resolve("data/_data/file-link"), outside.resolve("precious"));
        driver.remove("data");
        assertEquals("keep", Files.readString(outside.resolve("precious")));
        assertFalse(Files.exists(root.resolve("data")));
    }

    @Test
    void ignoresForeignEntriesInTheRoot() throws IOException {
        Files.writeString(root.resolve("metadata.db"), "dockerd's");
        Files.createDirectories(root.resolve(".hidden"));
        driver.create("data", Map.of());
        LocalVolumeDriver reopened = new LocalVolumeDriver(root, syscalls, new MountTable());
        assertEquals(List.of("data"), reopened.list().stream().map(VolumeInfo::name).toList());
    }

    @Test
    void anUnversionedFolderOfWharf01KeepsItsVolumesAndIsMarkedCurrent() throws Exception {
        Path old = dataRoot.resolve("old");
        Path fixture = Path.of(getClass().getResource("/wharf-0.1/volumes").toURI());
        new ProcessBuilder("cp", "-a", fixture.toString(), old.toString()).inheritIO().start().waitFor();

        LocalVolumeDriver reopened = new LocalVolumeDriver(old, syscalls, new MountTable());

        assertEquals(List.of("data"), reopened.list().stream().map(VolumeInfo::name).toList());
        assertEquals("kept\n", Files.readString(Path.of(reopened.get("data").mountpoint()).resolve("f")));
        assertEquals(FormatVersion.Area.LOCAL_VOLUMES.current(), FormatVersion.read(old));
    }

    @Test
    void theVersionFileIsNoVolumeAndItsNameIsReserved() throws IOException {
        assertTrue(Files.isRegularFile(root.resolve(FormatVersion.FILE_NAME)));
        assertEquals(List.of(), new LocalVolumeDriver(root, syscalls, new MountTable()).list());
        EngineException e = assertThrows(EngineException.class, () -> driver.create(FormatVersion.FILE_NAME, Map.of()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }
}
