package io.wharf.volumes.service;

import io.wharf.api.volume.Volume;
import java.util.List;

/** A listing, with a warning for each driver that could not answer (its volumes are then listed as last known). */
public record VolumeList(List<Volume> volumes, List<String> warnings) {
}
