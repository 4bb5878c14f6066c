package io.wharf.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The daemon's effective configuration: {@code daemon.json} (Docker's keys) with command-line flags on top.
 * The engine publishes it as a service; bundles read what they need from it in their activate method.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DaemonConfig(
        @JsonProperty("hosts") List<String> hosts,
        @JsonProperty("data-root") String dataRoot,
        @JsonProperty("exec-root") String execRoot,
        @JsonProperty("pidfile") String pidfile,
        @JsonProperty("storage-driver") String storageDriver,
        @JsonProperty("storage-opts") List<String> storageOpts,
        @JsonProperty("log-level") String logLevel,
        @JsonProperty("debug") Boolean debug,
        @JsonProperty("group") String group,
        @JsonProperty("tls") Boolean tls,
        @JsonProperty("tlsverify") Boolean tlsVerify,
        @JsonProperty("tlscacert") String tlsCaCert,
        @JsonProperty("tlscert") String tlsCert,
        @JsonProperty("tlskey") String tlsKey,
        @JsonProperty("api-cors-header") String apiCorsHeader,
        @JsonProperty("registry-mirrors") List<String> registryMirrors,
        @JsonProperty("insecure-registries") List<String> insecureRegistries,
        @JsonProperty("max-concurrent-downloads") Integer maxConcurrentDownloads,
        @JsonProperty("max-concurrent-uploads") Integer maxConcurrentUploads,
        @JsonProperty("default-runtime") String defaultRuntime,
        @JsonProperty("runtimes") Map<String, RuntimeDefinition> runtimes,
        @JsonProperty("bip") String bip,
        @JsonProperty("default-address-pools") List<AddressPool> defaultAddressPools,
        @JsonProperty("bridge") String bridge,
        @JsonProperty("fixed-cidr") String fixedCidr,
        @JsonProperty("mtu") Integer mtu,
        @JsonProperty("iptables") Boolean iptables,
        @JsonProperty("ip-masq") Boolean ipMasq,
        @JsonProperty("dns") List<String> dns,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("experimental") Boolean experimental,
        @JsonProperty("live-restore") Boolean liveRestore) {

    public static final String DEFAULT_SOCKET = "unix:///run/wharf/wharf.sock";
    public static final String DEFAULT_DATA_ROOT = "/var/lib/wharf";
    public static final String DEFAULT_EXEC_ROOT = "/run/wharf";

    public Path dataRootPath() {
        return Path.of(dataRoot == null ? DEFAULT_DATA_ROOT : dataRoot);
    }

    public Path execRootPath() {
        return Path.of(execRoot == null ? DEFAULT_EXEC_ROOT : execRoot);
    }

    public List<String> hostsOrDefault() {
        return hosts == null || hosts.isEmpty() ? List.of(DEFAULT_SOCKET) : hosts;
    }

    public String defaultRuntimeOrRunc() {
        return defaultRuntime == null ? "runc" : defaultRuntime;
    }

    /** The default bridge's Linux interface name ({@code bridge}; dockerd's is docker0). */
    public String bridgeOrDefault() {
        return bridge == null || bridge.isEmpty() ? "wharf0" : bridge;
    }

    public int maxConcurrentDownloadsOrDefault() {
        return maxConcurrentDownloads == null ? 3 : maxConcurrentDownloads;
    }

    public int maxConcurrentUploadsOrDefault() {
        return maxConcurrentUploads == null ? 5 : maxConcurrentUploads;
    }

    /** An OCI runtime as Docker's {@code runtimes} key describes it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuntimeDefinition(@JsonProperty("path") String path,
                                    @JsonProperty("runtimeArgs") List<String> runtimeArgs) {
    }

    /** One of Docker's {@code default-address-pools}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AddressPool(@JsonProperty("base") String base, @JsonProperty("size") int size) {
    }
}
