package io.wharf.volume.plugins;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A volume driver that is a legacy plugin implementing {@code VolumeDriver}: each SPI method is one call of
 * Docker's volume plugin protocol. An {@code Err} in an answer is the error as dockerd shows it (the plugin's
 * words); a Get that answers an {@code Err} means the plugin has no such volume.
 */
public final class PluginVolumeDriver implements VolumeDriver {
    static final String TYPE = "VolumeDriver";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final LegacyPlugin plugin;
    private final String scope;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(@JsonProperty("Name") String name, @JsonProperty("Opts") Map<String, String> opts,
                   @JsonProperty("ID") String id) {
        static Request of(String name) {
            return new Request(name, null, null);
        }
    }

    record PluginVolume(@JsonProperty("Name") String name, @JsonProperty("Mountpoint") String mountpoint,
                        @JsonProperty("CreatedAt") String createdAt,
                        @JsonProperty("Status") Map<String, Object> status) {
    }

    record Answer(@JsonProperty("Err") String err, @JsonProperty("Mountpoint") String mountpoint,
                  @JsonProperty("Volume") PluginVolume volume, @JsonProperty("Volumes") List<PluginVolume> volumes,
                  @JsonProperty("Capabilities") Capabilities capabilities) {
    }

    record Capabilities(@JsonProperty("Scope") String scope) {
    }

    /** Asks the plugin for its capabilities once: a plugin without Capabilities is local-scoped, as in dockerd. */
    public PluginVolumeDriver(LegacyPlugin plugin) {
        this.plugin = plugin;
        String asked;
        try {
            Answer a = call("VolumeDriver.Capabilities", Map.of());
            asked = a.capabilities() == null ? null : a.capabilities().scope();
        } catch (IOException | RuntimeException e) {
            asked = null;
        }
        this.scope = "global".equals(asked) ? "global" : "local";
    }

    @Override
    public String name() {
        return plugin.name();
    }

    @Override
    public String scope() {
        return scope;
    }

    @Override
    public VolumeInfo create(String name, Map<String, String> options) throws IOException {
        call("VolumeDriver.Create", new Request(name, options, null));
        VolumeInfo info = get(name);
        return info != null ? info : new VolumeInfo(name, "", null, Map.of());
    }

    @Override
    public void remove(String name) throws IOException {
        call("VolumeDriver.Remove", Request.of(name));
    }

    @Override
    public Path mount(String name, String mountId) throws IOException {
        Answer a = call("VolumeDriver.Mount", new Request(name, null, mountId));
        if (a.mountpoint() == null || a.mountpoint().isEmpty()) {
            throw EngineException.system("VolumeDriver.Mount: plugin " + plugin.name()
                    + " returned no mountpoint for volume " + name, null);
        }
        return Path.of(plugin.hostPath(a.mountpoint()));
    }

    @Override
    public void unmount(String name, String mountId) throws IOException {
        call("VolumeDriver.Unmount", new Request(name, null, mountId));
    }

    /** Get; a volume the plugin reports without a mountpoint is asked its Path, as dockerd's adapter does. */
    @Override
    public VolumeInfo get(String name) throws IOException {
        Answer a;
        try {
            a = call("VolumeDriver.Get", Request.of(name));
        } catch (EngineException e) {
            throw new EngineException(ErrorKind.NOT_FOUND, e.getMessage(), e);
        }
        if (a.volume() == null) {
            throw EngineException.notFound("no such volume");
        }
        String mountpoint = a.volume().mountpoint();
        if (mountpoint == null || mountpoint.isEmpty()) {
            mountpoint = path(name);
        }
        return new VolumeInfo(name, plugin.hostPath(mountpoint), a.volume().createdAt(),
                status(a.volume().status()));
    }

    private String path(String name) throws IOException {
        try {
            String p = call("VolumeDriver.Path", Request.of(name)).mountpoint();
            return p == null ? "" : p;
        } catch (EngineException e) {
            return "";
        }
    }

    @Override
    public List<VolumeInfo> list() throws IOException {
        Answer a = call("VolumeDriver.List", Map.of());
        List<VolumeInfo> result = new ArrayList<>();
        if (a.volumes() != null) {
            for (PluginVolume v : a.volumes()) {
                result.add(new VolumeInfo(v.name(), v.mountpoint() == null ? "" : plugin.hostPath(v.mountpoint()),
                        v.createdAt(), status(v.status())));
            }
        }
        return result;
    }

    /** Docker's Status is any JSON; the SPI keeps strings, so other values are shown as their JSON text. */
    private static Map<String, String> status(Map<String, Object> status) throws IOException {
        if (status == null) {
            return Map.of();
        }
        Map<String, String> result = new java.util.TreeMap<>();
        for (Map.Entry<String, Object> e : status.entrySet()) {
            Object v = e.getValue();
            result.put(e.getKey(), v instanceof String s ? s : JSON.writeValueAsString(v));
        }
        return result;
    }

    private Answer call(String method, Object request) throws IOException {
        byte[] body;
        try {
            body = plugin.call(method, JSON.writeValueAsBytes(request));
        } catch (PluginCallException e) {
            throw EngineException.system(e.getMessage(), e);
        }
        Answer a = body.length == 0 ? new Answer(null, null, null, null, null) : JSON.readValue(body, Answer.class);
        if (a.err() != null && !a.err().isEmpty()) {
            throw EngineException.system(a.err(), null);
        }
        return a;
    }
}
