package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State files are durable and a failed write fails the request: a data root that fills up makes create and rename
 * fail with a clear error, and what the daemon shows then, and after a restart, is exactly what it acknowledged.
 * The syncs themselves cannot be seen from outside, so strace watches a create.
 */
class DurableStateEndToEndIT {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    @TempDir
    Path work;

    @Test
    void aFullDataRootFailsCreateAndRenameAndMemoryAndDiskAgree() throws Exception {
        try (Wharfd wharfd = new Wharfd("full", "--storage-driver", "vfs")) {
            Files.createDirectories(wharfd.dataRoot);
            sh("mount", "-t", "tmpfs", "-o", "size=48m", "wharf-full-test", wharfd.dataRoot.toString());
            try {
                wharfd.start();
                Docker docker = wharfd.docker();
                docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
                docker.run("create", "--name", "keep", "busybox", "true").ok();

                Path filler = wharfd.dataRoot.resolve("filler");
                fill(filler);
                Docker.Result create = docker.run("create", "--name", "nope", "busybox", "true");
                assertEquals(1, create.exitCode(), create.out() + create.err());
                assertTrue(create.err().contains("No space left on device"), create.err());
                Docker.Result rename = docker.run("rename", "keep", "renamed");
                assertNotEquals(0, rename.exitCode(), "a rename that could not be saved is not acknowledged");
                assertTrue(rename.err().contains("No space left on device"), rename.err());
                assertEquals(List.of("keep"), docker.run("ps", "-a", "--format", "{{.Names}}").ok().lines());
                assertEquals("/keep", docker.run("inspect", "-f", "{{.Name}}", "keep").ok().out().strip());

                wharfd.stop();
                Files.delete(filler);
                wharfd.start();
                assertEquals(List.of("keep"), docker.run("ps", "-a", "--format", "{{.Names}}").ok().lines(),
                        "the next start sees what was acknowledged, nothing else");
                assertEquals(List.of(), leftovers(wharfd.dataRoot), "no half-made container or temporary file");
                docker.run("rename", "keep", "renamed").ok();
                docker.run("rm", "renamed").ok();
            } finally {
                wharfd.stop();
                sh("umount", "-l", wharfd.dataRoot.toString());
            }
        }
    }

    /** The container's files are synced before their rename, and the folder after it. */
    @Test
    void aCreateSyncsEachStateFileThenRenamesItThenSyncsItsFolder() throws Exception {
        try (Wharfd wharfd = new Wharfd("fsync", "--storage-driver", "vfs")) {
            wharfd.start();
            Docker docker = wharfd.docker();
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
            Path trace = work.resolve("strace.out");
            Process strace = attachStrace(wharfd.pid(), trace);
            String id;
            try {
                id = docker.run("create", "busybox", "true").ok().out().strip();
            } finally {
                strace.destroy(); // detaches
                strace.waitFor(30, TimeUnit.SECONDS);
            }
            List<String> calls = Files.readAllLines(trace, StandardCharsets.UTF_8);
            for (String file : List.of("config.v2.json", "hostconfig.json")) {
                String folder = "/" + id + ">";
                int synced = indexOf(calls, "fsync(", "/." + file + ".", ".tmp>) = 0");
                int renamed = indexOf(calls, "rename", "/." + file + ".", id + "/" + file + "\") = 0");
                int folderSynced = indexAfter(calls, renamed, "fsync(", folder, ") = 0");
                assertTrue(synced >= 0 && renamed > synced && folderSynced > renamed,
                        file + ": fsync " + synced + ", rename " + renamed + ", folder fsync " + folderSynced + "\n"
                                + String.join("\n", calls));
            }
            docker.run("rm", id).ok();
        }
    }

    /** strace on every thread of the daemon (strace -p takes them all), printing the paths of descriptors. */
    private static Process attachStrace(long pid, Path out) throws IOException, InterruptedException {
        Path err = out.resolveSibling("strace.err");
        Process strace = new ProcessBuilder("strace", "-f", "-y", "-s", "256", "-o", out.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-p", Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !Files.readString(err).contains("attached")) {
            Thread.sleep(50);
        }
        assertTrue(Files.readString(err).contains("attached"), "strace attached: " + Files.readString(err));
        return strace;
    }

    private static int indexOf(List<String> calls, String... parts) {
        return indexAfter(calls, -1, parts);
    }

    private static int indexAfter(List<String> calls, int after, String... parts) {
        for (int i = after + 1; i < calls.size(); i++) {
            String line = calls.get(i);
            if (Stream.of(parts).allMatch(line::contains)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = new FileOutputStream(filler.toFile())) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** Container folders other than the one acknowledged, and temporary files of interrupted writes. */
    private static List<String> leftovers(Path dataRoot) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dataRoot.resolve("containers"), 2)) {
            all.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    found.add(p.toString());
                }
            });
        }
        try (Stream<Path> dirs = Files.list(dataRoot.resolve("containers"))) {
            long containers = dirs.filter(d -> ID.matcher(d.getFileName().toString()).matches()).count();
            if (containers != 1) {
                found.add(containers + " container folders");
            }
        }
        return found;
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }
}
