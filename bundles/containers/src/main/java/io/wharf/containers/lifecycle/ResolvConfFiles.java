package io.wharf.containers.lifecycle;

import io.wharf.api.model.Digest;
import io.wharf.containers.create.EtcFiles;
import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's /etc/resolv.conf: the host's resolvers, or the embedded DNS server of the first network it is on
 * that has one. Written at start and rewritten whenever the container's networks change while it runs, so a
 * container that joins (or leaves) a user-defined network resolves its names from then on. Like dockerd, a file
 * the user changed inside the container (its hash no longer matches the one written beside it) is left alone.
 */
final class ResolvConfFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ResolvConfFiles.class);
    private static final String HASH_SUFFIX = ".hash";
    private final Path hostResolvConf;
    private final Function<Container, String> embeddedDns;

    /** @param embeddedDns the embedded DNS server for a container's current networks, or null for none */
    ResolvConfFiles(Path hostResolvConf, Function<Container, String> embeddedDns) {
        this.hostResolvConf = hostResolvConf;
        this.embeddedDns = embeddedDns;
    }

    /**
     * Before the container exists: the file is not mounted yet, so it is replaced; not synced, as each start
     * writes it afresh (what a power loss takes, the next start writes again).
     */
    void writeAtStart(Container c, NetworkMode mode, Path file) throws IOException {
        byte[] content = content(c, mode).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.replace(file, content);
        AtomicFiles.replace(hashFile(file), hash(content));
    }

    /**
     * After docker network connect or disconnect of a running container. The file is bind-mounted, so it is
     * rewritten in place (a rename would leave the container on the old file); containers that share this
     * container's network namespace share the file and see the change too.
     */
    void refresh(Container c) {
        Path file;
        NetworkMode mode;
        synchronized (c) {
            mode = NetworkMode.parse(c.hostConfig().networkMode);
            String path = c.record().resolvConfPath();
            file = path == null || path.isEmpty() ? null : Path.of(path);
            if (!c.state().running || file == null || !file.startsWith(c.dir()) || !mode.usesNetworkService()) {
                return; // written afresh at the next start; a joined namespace's file belongs to its owner
            }
        }
        try {
            byte[] current = Files.readAllBytes(file);
            if (!Digest.sha256(current).hex().equals(readHash(file))) {
                LOG.info("container {}: /etc/resolv.conf was changed inside the container, not updating it", c.id());
                return;
            }
            byte[] content = content(c, mode).getBytes(StandardCharsets.UTF_8);
            Files.write(file, content); // truncates and writes the same inode
            AtomicFiles.write(hashFile(file), hash(content));
        } catch (IOException e) {
            LOG.warn("container {}: cannot update /etc/resolv.conf: {}", c.id(), e.toString());
        }
    }

    String content(Container c, NetworkMode mode) {
        HostConfig hc = c.hostConfig();
        List<String> dns = hc.dns;
        if ((dns == null || dns.isEmpty()) && mode.usesNetworkService()) {
            String embedded = embeddedDns.apply(c);
            dns = embedded == null ? null : List.of(embedded);
        }
        return EtcFiles.resolvConf(readHostFile(hostResolvConf), mode.kind() == NetworkMode.Kind.HOST, dns,
                hc.dnsSearch, hc.dnsOptions);
    }

    private static Path hashFile(Path file) {
        return file.resolveSibling(file.getFileName() + HASH_SUFFIX);
    }

    private static byte[] hash(byte[] content) {
        return Digest.sha256(content).hex().getBytes(StandardCharsets.UTF_8);
    }

    private static String readHash(Path file) throws IOException {
        try {
            return Files.readString(hashFile(file)).strip();
        } catch (NoSuchFileException e) {
            return Digest.sha256(Files.readAllBytes(file)).hex(); // written before hashes were kept
        }
    }

    static String readHostFile(Path file) {
        try {
            return file == null ? "" : Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
