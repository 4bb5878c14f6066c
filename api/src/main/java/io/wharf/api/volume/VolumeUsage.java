package io.wharf.api.volume;

/**
 * What docker system df shows of a volume.
 *
 * @param size     bytes below its mountpoint, or -1 when its driver's storage cannot be measured here
 * @param refCount how many containers (running or not) mount it
 */
public record VolumeUsage(Volume volume, long size, int refCount) {
}
