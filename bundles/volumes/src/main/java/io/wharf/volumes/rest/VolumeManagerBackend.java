package io.wharf.volumes.rest;

import io.wharf.support.Filters;
import io.wharf.volumes.service.VolumeManager;

/** The /volumes backend over the {@link VolumeManager}: parses the filters and builds the wire bodies. */
public final class VolumeManagerBackend implements VolumesBackend {
    private final VolumeManager volumes;

    public VolumeManagerBackend(VolumeManager volumes) {
        this.volumes = volumes;
    }

    @Override
    public VolumeListBody list(String filters) {
        return VolumeListBody.of(volumes.list(Filters.parse(filters).asMap()));
    }

    @Override
    public VolumeBody create(CreateVolumeRequest request) {
        CreateVolumeRequest r = request == null ? new CreateVolumeRequest(null, null, null, null) : request;
        return VolumeBody.of(volumes.create(r.name(), r.driver(), r.driverOpts(), r.labels()));
    }

    @Override
    public VolumeBody inspect(String name) {
        return VolumeBody.of(volumes.get(name));
    }

    @Override
    public void remove(String name, boolean force) {
        volumes.remove(name, force);
    }

    @Override
    public VolumePruneBody prune(String filters, String apiVersion) {
        return VolumePruneBody.of(volumes.prune(VolumePruneFilters.forVersion(filters, apiVersion)));
    }
}
