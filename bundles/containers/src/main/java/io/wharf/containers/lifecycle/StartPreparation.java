package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.create.EtcFiles;
import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.create.SpecBuilder;
import io.wharf.containers.create.UserResolver;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a start sets up before the runtime creates the container: the /etc files (hostname, hosts, resolv.conf),
 * the namespaces joined from other containers, the init binary and the devices; and, once the process exists,
 * its networks and the hosts entries they give it.
 */
final class StartPreparation {
    private final ContainerIndex index;
    private final ExecutionDriver driver;
    private final EngineSettings settings;
    private final ContainerNetworks networks;
    private final ResolvConfFiles resolvConf;

    StartPreparation(ContainerIndex index, ExecutionDriver driver, EngineSettings settings,
                     ContainerNetworks networks, ResolvConfFiles resolvConf) {
        this.index = index;
        this.driver = driver;
        this.settings = settings;
        this.networks = networks;
        this.resolvConf = resolvConf;
    }

    /** Writes hostname, hosts and resolv.conf and finds the namespaces to join. */
    SpecBuilder.StartContext prepare(Container c, Path rootfs, UserResolver.ResolvedUser user) throws IOException {
        HostConfig hc = c.hostConfig();
        ContainerRecord record = c.record();
        NetworkMode network = NetworkMode.parse(hc.networkMode);
        String netns = null;
        Path hostname = c.dir().resolve("hostname");
        Path hosts = c.dir().resolve("hosts");
        Path resolv = c.dir().resolve("resolv.conf");
        if (network.kind() == NetworkMode.Kind.CONTAINER) {
            Container other = runningPeer(network.container(), "network");
            netns = "/proc/" + other.state().pid + "/ns/net";
            synchronized (other) {
                hostname = pathOrNull(other.record().hostnamePath());
                hosts = pathOrNull(other.record().hostsPath());
                resolv = pathOrNull(other.record().resolvConfPath());
            }
        } else {
            writeEtcFiles(c, network, hostname, hosts, resolv);
        }
        String pidns = joinedNamespace(hc.pidMode, "PID", "pid");
        String ipcns = joinedNamespace(hc.ipcMode, "IPC", "ipc");
        Path init = null;
        if (hc.initEnabled()) {
            init = settings.initBinary();
            if (init == null) {
                throw EngineException.invalid("--init requested but no docker-init (tini) binary is installed "
                        + "on the host");
            }
        }
        checkDevices(hc);
        synchronized (c) {
            record.useEtcFiles(hostname, hosts, resolv);
        }
        // as moby, only a container on the default bridge gets its links' variables
        List<String> linkEnv = record.networks().containsKey("bridge")
                ? Links.environment(Links.parse(hc.links), record.name(), index) : List.of();
        return new SpecBuilder.StartContext(rootfs, user, hostname, hosts, resolv, netns, pidns, ipcns, init,
                Path.of(record.logPath), linkEnv);
    }

    private void writeEtcFiles(Container c, NetworkMode network, Path hostname, Path hosts, Path resolv)
            throws IOException {
        HostConfig hc = c.hostConfig();
        ContainerRecord record = c.record();
        boolean hostNetwork = network.kind() == NetworkMode.Kind.HOST;
        AtomicFiles.replace(hostname, EtcFiles.hostname(record.config.hostname).getBytes(StandardCharsets.UTF_8));
        String hostsContent = hostNetwork
                ? EtcFiles.hostHosts(ResolvConfFiles.readHostFile(settings.hostHosts()), hc.extraHosts)
                : EtcFiles.hosts(record.config.hostname, record.config.domainname, hc.extraHosts);
        AtomicFiles.replace(hosts, hostsContent.getBytes(StandardCharsets.UTF_8));
        resolvConf.writeAtStart(c, network, resolv);
    }

    /** The namespace file of a "container:<ref>" mode's peer, or null for any other mode. */
    private String joinedNamespace(String mode, String what, String kind) {
        if (mode == null || !mode.startsWith("container:")) {
            return null;
        }
        return "/proc/" + runningPeer(mode.substring(10), what).state().pid + "/ns/" + kind;
    }

    private static void checkDevices(HostConfig hc) {
        if (hc.devices == null) {
            return;
        }
        for (HostConfig.DeviceMapping d : hc.devices) {
            if (!Files.exists(Path.of(d.pathOnHost))) {
                throw EngineException.invalid("error gathering device information while adding custom device "
                        + "\"%s\": no such file or directory", d.pathOnHost);
            }
        }
    }

    /**
     * Plugs the new namespace into the container's networks (its process waits before the user's program), then
     * gives /etc/hosts the container's address and its --link entries; the file is rewritten in place because
     * it is bind-mounted already.
     */
    void connectNetworks(Container c, SpecBuilder.StartContext ctx) throws IOException {
        long pid = driver.status(c.id()).pid();
        List<Links.Link> links = Links.parse(c.hostConfig().links);
        String address = networks.connectAll(c, pid, Links.dnsEntries(links, index));
        if (ctx.hostsFile() == null || !ctx.hostsFile().startsWith(c.dir())) {
            return;
        }
        ContainerRecord record = c.record();
        String content;
        synchronized (c) {
            content = EtcFiles.hosts(record.config.hostname, record.config.domainname, c.hostConfig().extraHosts,
                    address, Links.hostsEntries(links, index));
        }
        Files.write(ctx.hostsFile(), content.getBytes(StandardCharsets.UTF_8));
    }

    private Container runningPeer(String ref, String what) {
        Container other = index.get(ref);
        synchronized (other) {
            if (!other.state().running || other.state().pid <= 0) {
                throw EngineException.conflict("cannot join %s namespace of a non running container: %s", what,
                        other.id());
            }
        }
        return other;
    }

    private static Path pathOrNull(String s) {
        return s == null || s.isEmpty() ? null : Path.of(s);
    }
}
