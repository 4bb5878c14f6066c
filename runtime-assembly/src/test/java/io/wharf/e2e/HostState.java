package io.wharf.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a daemon holds on the host, as text to compare before and after: mounts under its paths, veths on its
 * bridge, its nftables rules and the conmon monitors under its exec root.
 */
final class HostState {
    private HostState() {
    }

    static String of(Wharfd wharfd) throws Exception {
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(p -> p.startsWith(wharfd.dir.toString())).sorted().toList();
        List<Long> monitors = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(wharfd.execRoot.toString()))
                .map(ProcessHandle::pid).sorted().toList();
        return "mounts " + mounts + "\nveths " + output("ip", "-o", "link", "show", "master", wharfd.bridge)
                .lines().map(l -> l.split(":")[1].strip()).sorted().toList()
                + "\nnft " + output("nft", "list", "table", "inet", wharfd.nftTable()).lines().map(String::strip)
                .sorted().toList()
                + "\nmonitors " + monitors;
    }

    private static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
