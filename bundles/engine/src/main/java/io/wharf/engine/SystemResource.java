package io.wharf.engine;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.RestResources;
import io.wharf.support.SecurityModules;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /version} and {@code GET /info}. */
@Component(service = Object.class, property = RestResources.RESOURCE_PROPERTY + "=true")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SystemResource {
    private final HostFacts host = HostFacts.system();
    private String version;
    private String engineId;
    private String buildTime;

    @Reference
    private DaemonConfig config;

    /** For what a SIGHUP reload changes: labels, debug, mirrors, insecure registries, live-restore. */
    @Reference
    private DaemonSettings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageService images;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerLayerStore layers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerService containers;

    @Activate
    void activate(BundleContext context) throws IOException {
        version = context.getBundle().getVersion().toString().replaceFirst("\\.[^.]*$", "");
        engineId = EngineIdentity.load(config.dataRootPath());
        buildTime = DateTimeFormatter.ISO_INSTANT.format(
                Instant.ofEpochMilli(context.getBundle().getLastModified()).atOffset(ZoneOffset.UTC));
    }

    @GET
    @Path("version")
    public Map<String, Object> version() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", RestResources.CURRENT_API_VERSION);
        details.put("MinAPIVersion", RestResources.MIN_API_VERSION);
        details.put("Os", "linux");
        details.put("Arch", goArch());
        details.put("KernelVersion", host.kernelVersion());
        details.put("Experimental", "false");
        details.put("GoVersion", runtimeVersion());
        details.put("BuildTime", buildTime);
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("Name", "Engine");
        engine.put("Version", version);
        engine.put("Details", details);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "Wharf Engine"));
        v.put("Components", List.of(engine));
        v.put("Version", version);
        v.put("ApiVersion", RestResources.CURRENT_API_VERSION);
        v.put("MinAPIVersion", RestResources.MIN_API_VERSION);
        v.put("GoVersion", runtimeVersion());
        v.put("Os", "linux");
        v.put("Arch", goArch());
        v.put("KernelVersion", host.kernelVersion());
        v.put("BuildTime", buildTime);
        return v;
    }

    @GET
    @Path("info")
    public Map<String, Object> info() {
        ImageService imageService = images;
        ContainerLayerStore layerStore = layers;
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", engineId);
        ContainerCounts counts = ContainerCounts.of(containers);
        i.put("Containers", counts.total());
        i.put("ContainersRunning", counts.running());
        i.put("ContainersPaused", counts.paused());
        i.put("ContainersStopped", counts.stopped());
        i.put("Images", imageService == null ? 0 : imageService.count());
        i.put("Driver", layerStore == null ? "" : layerStore.driverName());
        i.put("DriverStatus", layerStore == null ? List.of() : pairs(layerStore.driverStatus()));
        i.put("Plugins", Map.of("Volume", List.of(), "Network", List.of(), "Authorization", List.of(),
                "Log", List.of("json-file")));
        i.put("MemoryLimit", true);
        i.put("SwapLimit", false);
        i.put("CpuCfsPeriod", true);
        i.put("CpuCfsQuota", true);
        i.put("CPUShares", true);
        i.put("CPUSet", true);
        i.put("PidsLimit", true);
        i.put("IPv4Forwarding", true);
        DaemonConfig live = settings.current();
        i.put("Debug", Boolean.TRUE.equals(live.debug()));
        i.put("NFd", openFileDescriptors());
        i.put("NGoroutines", Thread.activeCount());
        i.put("SystemTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)));
        i.put("LoggingDriver", "json-file");
        i.put("CgroupDriver", "cgroupfs");
        i.put("CgroupVersion", host.cgroupVersion());
        i.put("NEventsListener", 0);
        i.put("KernelVersion", host.kernelVersion());
        i.put("OperatingSystem", host.operatingSystem());
        i.put("OSVersion", host.osVersion());
        i.put("OSType", "linux");
        i.put("Architecture", host.machine());
        i.put("IndexServerAddress", "https://index.docker.io/v1/");
        i.put("RegistryConfig", registryConfig());
        i.put("NCPU", host.cpus());
        i.put("MemTotal", host.memTotalBytes());
        i.put("DockerRootDir", config.dataRootPath().toString());
        i.put("Name", host.hostname());
        i.put("Labels", live.labels() == null ? List.of() : live.labels());
        i.put("ExperimentalBuild", false);
        i.put("ServerVersion", version);
        i.put("Runtimes", runtimes());
        i.put("DefaultRuntime", config.defaultRuntimeOrRunc());
        i.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive",
                "ControlAvailable", false, "Error", "", "RemoteManagers", List.of()));
        i.put("LiveRestoreEnabled", Boolean.TRUE.equals(live.liveRestore()));
        i.put("Isolation", "");
        i.put("InitBinary", "docker-init");
        i.put("SecurityOptions", securityOptions(SecurityModules.detect()));
        i.put("Warnings", List.of());
        return i;
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

    private Map<String, Object> runtimes() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runc", Map.of("path", "runc"));
        r.put("crun", Map.of("path", "crun"));
        if (config.runtimes() != null) {
            config.runtimes().forEach((name, def) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", def.path());
                if (def.runtimeArgs() != null) {
                    entry.put("runtimeArgs", def.runtimeArgs());
                }
                r.put(name, entry);
            });
        }
        return r;
    }

    private Map<String, Object> registryConfig() {
        DaemonConfig config = settings.current();
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("Name", "docker.io");
        index.put("Mirrors", config.registryMirrors() == null ? List.of() : config.registryMirrors());
        index.put("Secure", true);
        index.put("Official", true);
        Map<String, Object> rc = new LinkedHashMap<>();
        List<String> insecureCidrs = new ArrayList<>(List.of("::1/128", "127.0.0.0/8"));
        Map<String, Object> indexConfigs = new LinkedHashMap<>();
        indexConfigs.put("docker.io", index);
        if (config.insecureRegistries() != null) {
            for (String r : config.insecureRegistries()) {
                if (r.contains("/")) {
                    insecureCidrs.add(r);
                } else {
                    indexConfigs.put(r, Map.of("Name", r, "Mirrors", List.of(), "Secure", false, "Official", false));
                }
            }
        }
        rc.put("InsecureRegistryCIDRs", insecureCidrs);
        rc.put("IndexConfigs", indexConfigs);
        rc.put("Mirrors", config.registryMirrors() == null ? List.of() : config.registryMirrors());
        return rc;
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
