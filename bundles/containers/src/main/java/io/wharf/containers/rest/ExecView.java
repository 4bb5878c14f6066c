package io.wharf.containers.rest;

import io.wharf.containers.exec.ExecConfig;
import io.wharf.containers.exec.ExecInstance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of GET /exec/{id}/json, key for key as dockerd sends it. */
public final class ExecView {
    private ExecView() {
    }

    public static Map<String, Object> of(ExecInstance e) {
        ExecConfig cfg = e.config();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("tty", cfg.tty);
        process.put("entrypoint", cfg.cmd.get(0));
        process.put("arguments", cfg.cmd.subList(1, cfg.cmd.size()));
        process.put("privileged", cfg.privileged);
        if (cfg.user != null && !cfg.user.isEmpty()) {
            process.put("user", cfg.user);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CanRemove", false);
        m.put("ContainerID", e.containerId());
        m.put("DetachKeys", cfg.detachKeys == null ? "" : cfg.detachKeys);
        m.put("ExitCode", e.exitCode());
        m.put("ID", e.id());
        m.put("OpenStderr", cfg.attachStderr);
        m.put("OpenStdin", cfg.attachStdin);
        m.put("OpenStdout", cfg.attachStdout);
        m.put("ProcessConfig", process);
        m.put("Running", e.running());
        m.put("Pid", e.pid());
        return m;
    }
}
