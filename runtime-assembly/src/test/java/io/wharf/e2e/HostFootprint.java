package io.wharf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What one wharfd holds on the host, to compare before and after a workload: its open files and threads, the
 * mounts under its private paths, the veths on its default bridge, the lines of its nftables table and its
 * resident memory after a full GC.
 */
record HostFootprint(long fds, long threads, long mounts, long veths, long nftLines, long rssKiB) {

    static HostFootprint of(Wharfd wharfd, long pid) throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        return new HostFootprint(count(Path.of("/proc", Long.toString(pid), "fd")),
                count(Path.of("/proc", Long.toString(pid), "task")),
                Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                        .filter(l -> l.contains(wharfd.dir.toString())).count(),
                lines(run("ip", "-o", "link", "show", "master", wharfd.bridge)),
                nftLines(wharfd),
                rssKiB(pid));
    }

    /**
     * What the daemon holds, for a failure message: its open files by kind (numbers and IDs left out) and its
     * threads by name (numbers left out), with how many of each.
     */
    static String describe(long pid) throws IOException, InterruptedException {
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue;
                }
                files.merge(target.replaceAll("[0-9a-f]{12,}", "<id>").replaceAll("[0-9]+", "N"), 1L, Long::sum);
            }
        }
        // threads by name, and where in Wharf each one is (its innermost io.wharf frame), if anywhere
        java.util.Map<String, Long> threads = new java.util.TreeMap<>();
        String dump = run("jcmd", Long.toString(pid), "Thread.print");
        for (String block : dump == null ? new String[0] : dump.split("\n\n")) {
            String head = block.strip();
            if (head.startsWith("\"")) {
                String name = head.substring(1, head.indexOf('"', 1)).replaceAll("[0-9]+", "N");
                String where = head.lines().map(String::strip).filter(l -> l.startsWith("at io.wharf."))
                        .findFirst().map(l -> " " + l).orElse("");
                threads.merge(name + where, 1L, Long::sum);
            }
        }
        return "open files: " + files + "\nthreads: " + threads;
    }

    /** Whether the host holds nothing of the daemon's beyond {@code baseline}: mounts, veths, nftables rules. */
    boolean hostWithin(HostFootprint baseline) {
        return mounts <= baseline.mounts && veths <= baseline.veths && nftLines <= baseline.nftLines;
    }

    /** Whether the daemon's process holds no more open files and threads than in {@code baseline}. */
    boolean processWithin(HostFootprint baseline) {
        return fds <= baseline.fds && threads <= baseline.threads;
    }

    private static long nftLines(Wharfd wharfd) throws IOException, InterruptedException {
        try {
            return lines(run("nft", "list", "table", "inet", wharfd.nftTable()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long rssKiB(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("[^0-9]", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    private static long lines(String output) {
        return output == null ? 0 : output.lines().count();
    }

    /** The command's output, or null when it failed (no such table or bridge yet). */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : null;
    }
}
