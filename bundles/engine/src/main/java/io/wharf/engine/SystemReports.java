package io.wharf.engine;

import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.RestResources;
import io.wharf.engine.rest.InfoBody;
import io.wharf.engine.rest.VersionBody;
import io.wharf.support.SecurityModules;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds docker version and docker info from the host's facts, the daemon configuration as it is now (a SIGHUP
 * changes some of it) and the image, layer and container services, each of which may be absent.
 */
final class SystemReports implements SystemBackend {
    /** Who this engine is: its version, the ID it keeps across restarts, when it was built. */
    record Identity(String version, String engineId, String buildTime) {
    }

    /** The optional services, read afresh for each report since they come and go. */
    record Services(Supplier<ImageService> images, Supplier<ContainerLayerStore> layers,
                    Supplier<ContainerService> containers) {
    }

    private final Identity identity;
    private final HostFacts host;
    private final Supplier<InfoSettings> settings;
    private final Services services;

    SystemReports(Identity identity, HostFacts host, Supplier<InfoSettings> settings, Services services) {
        this.identity = identity;
        this.host = host;
        this.settings = settings;
        this.services = services;
    }

    @Override
    public VersionBody version() {
        return VersionBody.of(identity.version(), RestResources.CURRENT_API_VERSION, RestResources.MIN_API_VERSION,
                runtimeVersion(), goArch(), host.kernelVersion(), identity.buildTime());
    }

    @Override
    public InfoBody info() {
        ImageService imageService = services.images().get();
        ContainerLayerStore layerStore = services.layers().get();
        ContainerCounts counts = ContainerCounts.of(services.containers().get());
        InfoSettings live = settings.get();
        return new InfoBody(identity.engineId(),
                counts.total(), counts.running(), counts.paused(), counts.stopped(),
                imageService == null ? 0 : imageService.count(),
                layerStore == null ? "" : layerStore.driverName(),
                layerStore == null ? List.of() : pairs(layerStore.driverStatus()),
                InfoBody.Plugins.WHARF,
                true, false, true, true, true, true, true, true, // MemoryLimit .. IPv4Forwarding
                live.debug(), openFileDescriptors(), Thread.activeCount(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)),
                live.logDriver(), "cgroupfs", host.cgroupVersion(), 0,
                host.kernelVersion(), host.operatingSystem(), host.osVersion(), "linux", host.machine(),
                "https://index.docker.io/v1/", InfoBody.RegistryConfig.of(live.registryMirrors(), live.insecureRegistries()),
                host.cpus(), host.memTotalBytes(), live.dataRoot(), host.hostname(),
                live.labels(), false, VersionBody.DOCKER_ENGINE_VERSION,
                InfoBody.Runtime.allOf(live.runtimes()), live.defaultRuntime(), InfoBody.Swarm.INACTIVE,
                live.liveRestore(), "", "docker-init",
                securityOptions(SecurityModules.detect()), List.of());
    }

    /** As dockerd lists them: the LSMs containers are confined by, and seccomp. */
    static List<String> securityOptions(SecurityModules modules) {
        List<String> options = new ArrayList<>();
        if (modules.appArmor()) {
            options.add("name=apparmor");
        }
        options.add("name=seccomp,profile=builtin");
        if (modules.selinux()) {
            options.add("name=selinux");
        }
        return options;
    }

    private static List<List<String>> pairs(List<Map.Entry<String, String>> entries) {
        List<List<String>> result = new ArrayList<>();
        entries.forEach(e -> result.add(List.of(e.getKey(), e.getValue())));
        return result;
    }

    private static int openFileDescriptors() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /** Docker reports the Go version it was built with; the equivalent here is the Java runtime. */
    private static String runtimeVersion() {
        return "java" + System.getProperty("java.version");
    }

    private static String goArch() {
        return io.wharf.api.model.Platform.host().architecture();
    }
}
