package io.wharf.api.runtime;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs containers. Registered with {@value #NAME_PROPERTY}; the engine keeps container metadata, the driver
 * keeps processes alive (also across a daemon restart) and reports their state. Docker's runtime names
 * ({@code runc}, {@code crun}) are chosen per container through {@link ContainerSpec#runtime()}.
 */
@ConsumerType
public interface ExecutionDriver {
    String NAME_PROPERTY = "wharf.execution.driver";

    String name();

    /** Runtime names this driver can run, e.g. runc and crun, for docker info. */
    List<String> runtimes();

    /** Creates the container's process in the created state; it starts on {@link #start}. */
    void create(ContainerSpec spec) throws IOException;

    void start(String id) throws IOException;

    /** Completes with the exit code when the container's process ends (also for ones adopted after restart). */
    CompletionStage<Integer> awaitExit(String id);

    ContainerStatus status(String id) throws IOException;

    void kill(String id, int signal) throws IOException;

    void pause(String id) throws IOException;

    void resume(String id) throws IOException;

    void update(String id, Resources resources) throws IOException;

    /** Connects to the container's stdio (attach); {@code stdin} false opens no input. */
    ProcessIo attach(String id, boolean stdin) throws IOException;

    /** Starts a process in the running container and connects to its stdio. */
    ProcessIo exec(String id, ExecSpec spec) throws IOException;

    CompletionStage<Integer> awaitExecExit(String id, String execId);

    /** PIDs (host namespace) of the container's processes. */
    List<Long> pids(String id) throws IOException;

    /** Removes what the driver holds for the container; it must be stopped. */
    void delete(String id) throws IOException;

    /** Containers the driver still knows after a restart, for the engine to re-adopt. */
    List<String> list() throws IOException;
}
