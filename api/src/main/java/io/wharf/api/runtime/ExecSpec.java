package io.wharf.api.runtime;

/** A process to start inside a running container (docker exec). */
public record ExecSpec(String execId, ProcessSpec process, boolean privileged, java.util.List<String> capabilities) {
}
