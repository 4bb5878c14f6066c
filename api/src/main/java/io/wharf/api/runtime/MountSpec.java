package io.wharf.api.runtime;

import java.util.List;

/** An OCI mount: destination in the container, type (bind, tmpfs, ...), source and options (ro, rbind, ...). */
public record MountSpec(String destination, String type, String source, List<String> options) {
}
