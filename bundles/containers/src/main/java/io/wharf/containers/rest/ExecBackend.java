package io.wharf.containers.rest;

import io.wharf.containers.exec.ExecConfig;

/** What the exec endpoints need (moby's execBackend); POST /exec/{id}/start is hijacked elsewhere. */
public interface ExecBackend {
    /** Creates an exec instance in a running container and answers its ID. */
    String create(String containerRef, ExecConfig config);

    /** GET /exec/{id}/json. */
    ExecInspectBody inspect(String execId);

    void resize(String execId, int height, int width);
}
