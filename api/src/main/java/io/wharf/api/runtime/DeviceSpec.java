package io.wharf.api.runtime;

/** A device node made in the container and allowed by the device cgroup. */
public record DeviceSpec(String path, char type, long major, long minor, int fileMode, String permissions) {
}
