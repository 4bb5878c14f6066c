package io.wharf.api.runtime;

/**
 * A namespace of the container, OCI style: {@code type} is pid, network, ipc, uts, mount or cgroup; a null
 * {@code path} makes a new one, a path ({@code /proc/PID/ns/net}) joins an existing one.
 */
public record NamespaceSpec(String type, String path) {
    public static NamespaceSpec fresh(String type) {
        return new NamespaceSpec(type, null);
    }
}
