package io.wharf.api.runtime;

/** A host device made available in the container ({@code --device /dev/x:/dev/y:rwm}). */
public record DeviceSpec(String hostPath, String containerPath, String permissions) {
}
