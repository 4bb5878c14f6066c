package io.wharf.volumes.rest;

/** What the /volumes endpoints need from the volume service: calls free of HTTP that answer the wire bodies. */
public interface VolumesBackend {
    /** docker volume ls with its {@code filters} query parameter (JSON, may be null). */
    VolumeListBody list(String filters);

    /** docker volume create; a null request (no body) creates an anonymous volume with the default driver. */
    VolumeBody create(CreateVolumeRequest request);

    VolumeBody inspect(String name);

    void remove(String name, boolean force);

    /** docker volume prune; which volumes count as candidates depends on the API version (null: current). */
    VolumePruneBody prune(String filters, String apiVersion);
}
