package io.wharf.containers.rest;

import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.WaitCondition;
import io.wharf.support.Filters;
import io.wharf.support.QueryValues;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * What the /containers endpoints need from the engine (moby's router/container/backend.go): calls by container
 * reference, free of HTTP, that answer the typed wire records; locking, loops and waiting happen behind it.
 */
public interface ContainersBackend {
    /** @param apiVersion the request's API version (what Config.MacAddress means depends on it) */
    ContainerCreator.Created create(String name, String platform, String apiVersion, byte[] body);

    List<ContainerSummaryBody> list(boolean all, int limit, boolean size, Filters filters);

    ContainerInspectBody inspect(String ref, boolean size);

    void start(String ref);

    void stop(String ref, Integer timeoutSeconds, String signal);

    void restart(String ref, Integer timeoutSeconds, String signal);

    void kill(String ref, String signal);

    void pause(String ref);

    void unpause(String ref);

    void remove(String ref, boolean force, boolean removeVolumes);

    void rename(String ref, String newName);

    /** docker rm --link PARENT/ALIAS: removes the parent's link of that alias, not a container. */
    void removeLink(String parentRef, String alias);

    /** docker update: {@code fields} are the keys the body set, so that absent ones keep their value. */
    List<String> update(String ref, HostConfig changes, Set<String> fields);

    void resize(String ref, int height, int width);

    /** Registers the wait now (docker run starts the container only once it is registered). */
    Waiting waitFor(String ref, WaitCondition condition);

    ContainerPruneBody prune(Filters filters);

    LogStream logs(String ref, LogRequest request);

    TopBody top(String ref, String psArgs);

    /** The stats JSON lines: one, two samples a second apart (stream=false), or one a second while it runs. */
    BodyWriter stats(String ref, boolean stream, boolean oneShot);

    /** A response body written as it is produced; a client that hangs up interrupts the writing thread. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A registered wait. */
    interface Waiting {
        /**
         * Blocks until the condition holds and answers the exit code (and the run's error); null, with the wait
         * cancelled, when the thread is interrupted because the client hung up.
         */
        WaitBody await() throws IOException;
    }

    /** The query of GET /containers/{id}/logs, unparsed: the backend checks it after finding the container. */
    record LogRequest(boolean stdout, boolean stderr, boolean follow, boolean timestamps, String since,
                      String until, String tail) {
    }

    /** A container's log as a body; {@code multiplexed} when it carries stream headers (no TTY). */
    record LogStream(boolean multiplexed, BodyWriter body) {
        static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
        static final String RAW = "application/vnd.docker.raw-stream";
        /** Before this API version, multiplexed logs were sent as a raw stream's content type (dockerd does). */
        static final String MULTIPLEXED_TYPE_SINCE = "1.42";

        /** The content type for a client of {@code apiVersion} (null: the current version). */
        String contentType(String apiVersion) {
            return multiplexed && !QueryValues.apiVersionBefore(apiVersion, MULTIPLEXED_TYPE_SINCE) ? MULTIPLEXED : RAW;
        }
    }
}
