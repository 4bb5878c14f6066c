package io.wharf.api.runtime;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs containers, registered with {@value #NAME_PROPERTY}. The engine keeps container metadata and Docker
 * semantics; the driver runs OCI runtimes and keeps a monitor per container, so that containers outlive a
 * daemon restart and their exit status is recorded while the daemon is down. Methods taking an ID throw a
 * NOT_FOUND {@link io.wharf.api.errors.EngineException} for containers the driver does not know, except
 * {@link #status}, which answers {@link ContainerStatus.State#GONE} for them. A driver opened again on the same
 * state (a daemon restart) lists, reports and awaits the containers the previous one started.
 */
@ConsumerType
public interface ExecutionDriver {
    String NAME_PROPERTY = "wharf.execution.driver";

    String name();

    /** The runtimes it can run (runc, crun and the configured ones), default first. */
    List<String> runtimes();

    /** Makes the container (its process exists, stopped before the user's program); start with {@link #start}. */
    void create(ContainerSpec spec) throws IOException;

    /** Connects to the container's stdio; do it before {@link #start} to see the first output. */
    ProcessIo attach(String id, boolean stdin) throws IOException;

    void start(String id) throws IOException;

    /**
     * Completes when the container's process ends; works for containers adopted after a daemon restart, and
     * completes at once for one that already stopped.
     */
    CompletionStage<ExitStatus> awaitExit(String id);

    ContainerStatus status(String id) throws IOException;

    void kill(String id, int signal) throws IOException;

    void pause(String id) throws IOException;

    void resume(String id) throws IOException;

    void update(String id, Resources resources) throws IOException;

    void resize(String id, int height, int width) throws IOException;

    ExecSession exec(String id, ExecSpec spec) throws IOException;

    void resizeExec(String id, String execId, int height, int width) throws IOException;

    /** PIDs (host namespace) of every process in the container. */
    List<Long> pids(String id) throws IOException;

    ContainerStats stats(String id) throws IOException;

    /** Removes what the driver holds for a stopped container (runtime state, monitor files). */
    void delete(String id) throws IOException;

    /** IDs of the containers the driver knows, running or stopped, e.g. after a daemon restart. */
    List<String> list() throws IOException;
}
