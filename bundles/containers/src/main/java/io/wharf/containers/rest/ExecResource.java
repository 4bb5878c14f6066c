package io.wharf.containers.rest;

import io.wharf.containers.exec.ExecConfig;
import io.wharf.containers.exec.ExecInstance;
import io.wharf.containers.exec.ExecService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;

import java.util.Map;

/** GET /exec/{id}/json and POST /exec/{id}/resize (start is hijacked). */
@Path("/exec")
public class ExecResource {
    private final ExecService execs;

    public ExecResource(ExecService execs) {
        this.execs = execs;
    }

    @GET
    @Path("/{id}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> inspect(@PathParam("id") String id) {
        ExecInstance e = execs.get(id);
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

    @POST
    @Path("/{id}/resize")
    public Response resize(@PathParam("id") String id, @QueryParam("h") String h, @QueryParam("w") String w) {
        ExecInstance e = execs.get(id);
        execs.resize(e, ContainersResource.integer(h, "h", 0), ContainersResource.integer(w, "w", 0));
        return Response.ok().build();
    }

}
