package io.wharf.network.plugins;

import io.wharf.api.errors.EngineException;
import io.wharf.support.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@link SandboxLinks} with iproute2: {@code ip link set ... netns}, then one {@code ip -batch} in the namespace. */
final class IpSandboxLinks implements SandboxLinks {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Names and paths end up in ip batch lines, which split on blanks: only what Linux and Docker allow. */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./:@+-]+");
    private static final Pattern WORDS = Pattern.compile("[A-Za-z0-9_.:/ -]+");
    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private final String ip = program("ip");
    private final String nsenter = program("nsenter");
    /** Where interfaces go back to: the daemon's own namespace, which need not be the host's first one. */
    private final String hostNamespace = "/proc/" + ProcessHandle.current().pid() + "/ns/net";

    @Override
    public void plugIn(Link link, String macAddress, String addressWithPrefix, List<String> routes)
            throws IOException {
        check(link);
        run(List.of(ip, "link", "set", "dev", link.sourceName(), "netns", link.sandboxPath()), "");
        String dst = link.containerName();
        List<String> lines = new ArrayList<>();
        lines.add("link set dev " + link.sourceName() + " name " + dst);
        if (macAddress != null && !macAddress.isEmpty()) {
            lines.add("link set dev " + dst + " address " + safe(macAddress));
        }
        lines.add("address add " + safe(addressWithPrefix) + " dev " + dst);
        lines.add("link set dev " + dst + " up");
        for (String route : routes) {
            lines.add("route add " + safe(route));
        }
        try {
            inNamespace(link.sandboxPath(), lines);
        } catch (IOException e) {
            unplugQuietly(link);
            throw e;
        }
    }

    @Override
    public void unplug(Link link) throws IOException {
        check(link);
        if (!Files.exists(Path.of(link.sandboxPath()))) {
            return;
        }
        String dst = link.containerName();
        inNamespace(link.sandboxPath(), List.of("link set dev " + dst + " down",
                "link set dev " + dst + " name " + link.sourceName(),
                "link set dev " + link.sourceName() + " netns " + hostNamespace));
    }

    private void unplugQuietly(Link link) {
        try {
            // the rename may not have happened: try the interface under both names
            inNamespace(link.sandboxPath(), List.of("link set dev " + link.sourceName() + " netns " + hostNamespace));
        } catch (IOException e) {
            try {
                unplug(link);
            } catch (IOException ignored) {
                // the driver's DeleteEndpoint, or the namespace's end, removes it
            }
        }
    }

    private void inNamespace(String sandboxPath, List<String> lines) throws IOException {
        run(List.of(nsenter, "--net=" + sandboxPath, ip, "-batch", "-"), String.join("\n", lines) + "\n");
    }

    private static void run(List<String> command, String stdin) throws IOException {
        ChildProcesses.Result result = ChildProcesses.run(command, stdin.getBytes(StandardCharsets.UTF_8), false,
                TIMEOUT);
        if (!result.ok()) {
            throw new IOException(String.join(" ", command) + (stdin.isEmpty() ? "" : " <<< " + stdin.strip()
                    .replace('\n', ';')) + " failed: " + result.stderr().strip());
        }
    }

    private static void check(Link link) {
        for (String name : List.of(link.sourceName(), link.containerName())) {
            if (name == null || !INTERFACE.matcher(name).matches()) {
                throw EngineException.system("invalid interface name from network plugin: " + name, null);
            }
        }
        if (link.sandboxPath() == null || !PATH.matcher(link.sandboxPath()).matches()) {
            throw EngineException.invalid("invalid network namespace path: %s", link.sandboxPath());
        }
    }

    /** Addresses, MACs and routes from a plugin: no line breaks or shell-ish characters into the batch. */
    private static String safe(String words) {
        if (words == null || !WORDS.matcher(words).matches()) {
            throw EngineException.system("invalid address or route from network plugin: " + words, null);
        }
        return words;
    }

    private static String program(String name) {
        for (String dir : SBIN) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }
}
