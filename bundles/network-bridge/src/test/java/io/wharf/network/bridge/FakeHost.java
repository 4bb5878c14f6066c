package io.wharf.network.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stands in for ip, nsenter and nft: records each run and mirrors link changes into a fake sysfs and /proc/sys,
 * so that the driver's logic can be tested without root.
 */
final class FakeHost implements CommandRunner {
    static final HostTools TOOLS = new HostTools("ip", "nsenter", "nft");
    final Path sysfs;
    final Path procSys;
    final List<String> runs = new ArrayList<>();
    /** /proc/sys as seen inside every container namespace, with eth0 at the kernel's defaults. */
    final Path namespaceProcSys;
    final List<String> namespacesJoined = new ArrayList<>();
    private String failWhen;
    private String failStderr;

    FakeHost(Path dir) throws IOException {
        sysfs = Files.createDirectories(dir.resolve("sys"));
        procSys = dir.resolve("proc");
        Files.createDirectories(procSys.resolve("net/ipv4/conf"));
        Files.writeString(procSys.resolve("net/ipv4/ip_forward"), "0\n");
        Files.createDirectories(procSys.resolve("net/ipv6/conf/all"));
        Files.writeString(procSys.resolve("net/ipv6/conf/all/forwarding"), "0\n");
        namespaceProcSys = dir.resolve("namespace-proc");
        Path eth0 = Files.createDirectories(namespaceProcSys.resolve("net/ipv6/conf/eth0"));
        Files.writeString(eth0.resolve("disable_ipv6"), "0\n");
        Files.writeString(eth0.resolve("accept_ra"), "1\n");
    }

    /** Writes a container's sysctls into {@link #namespaceProcSys}, recording the namespace it joined. */
    NamespaceSysctls namespaceSysctls() {
        return new NamespaceSysctls(namespaceProcSys, (path, work) -> {
            namespacesJoined.add(path);
            work.run();
        });
    }

    String namespaceSetting(String name) throws IOException {
        return Files.readString(namespaceProcSys.resolve("net/ipv6/conf/eth0").resolve(name));
    }

    /** The next run whose command line or input contains {@code text} fails with this stderr. */
    void failWhen(String text, String stderr) {
        failWhen = text;
        failStderr = stderr;
    }

    List<String> runsOf(String program) {
        return runs.stream().filter(run -> run.startsWith(program + " ")).toList();
    }

    @Override
    public Result run(List<String> command, String stdin) {
        String run = String.join(" ", command) + "\n" + stdin;
        runs.add(run);
        if (failWhen != null && run.contains(failWhen)) {
            failWhen = null;
            return new Result(1, failStderr);
        }
        if (command.get(0).equals("ip")) {
            stdin.lines().forEach(this::apply);
        }
        return new Result(0, "");
    }

    private void apply(String line) {
        String[] words = line.split(" ");
        try {
            if (line.startsWith("link add name ") && line.contains(" type bridge")) {
                Files.createDirectories(sysfs.resolve(words[3]).resolve("bridge"));
                Files.createDirectories(sysfs.resolve(words[3]).resolve("brif"));
                Path conf = Files.createDirectories(procSys.resolve("net/ipv4/conf").resolve(words[3]));
                Files.writeString(conf.resolve("route_localnet"), "0\n");
                Path conf6 = Files.createDirectories(procSys.resolve("net/ipv6/conf").resolve(words[3]));
                Files.writeString(conf6.resolve("disable_ipv6"), "1\n");
            } else if (line.startsWith("link add name ")) {
                Files.createDirectories(sysfs.resolve(words[3]));
            } else if (line.contains(" master ")) {
                Files.createDirectories(sysfs.resolve(words[5]).resolve("brif").resolve(words[3]));
            } else if (line.startsWith("link del dev ")) {
                delete(sysfs.resolve(words[3]));
                try (Stream<Path> links = Files.list(sysfs)) {
                    for (Path link : links.toList()) {
                        delete(link.resolve("brif").resolve(words[3]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void addLink(String name) throws IOException {
        Files.createDirectories(sysfs.resolve(name));
    }

    void addBridgePort(String bridge, String port) throws IOException {
        addLink(port);
        Files.createDirectories(sysfs.resolve(bridge).resolve("brif").resolve(port));
    }

    void addBridge(String name) throws IOException {
        Files.createDirectories(sysfs.resolve(name).resolve("bridge"));
        Files.createDirectories(sysfs.resolve(name).resolve("brif"));
        Files.createDirectories(procSys.resolve("net/ipv4/conf").resolve(name));
        Files.writeString(procSys.resolve("net/ipv4/conf").resolve(name).resolve("route_localnet"), "0\n");
    }

    boolean exists(String name) {
        return Files.exists(sysfs.resolve(name));
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
