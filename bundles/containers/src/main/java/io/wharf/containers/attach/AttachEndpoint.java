package io.wharf.containers.attach;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.HijackPath;
import io.wharf.api.rest.HijackRequest;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.logs.LogOptions;
import io.wharf.containers.logs.LogStreamer;
import io.wharf.containers.logs.StdWriter;
import io.wharf.containers.store.Container;
import io.wharf.support.QueryValues;
import java.io.BufferedOutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /containers/{id}/attach and its WebSocket form GET /containers/{id}/attach/ws: optionally replays the log,
 * then streams the container's stdio (over a WebSocket never multiplexed, as dockerd). Attaching to a
 * container that does not run yet waits for its start (docker run, docker start -a), connected to the driver
 * between create and start so that the first output is not lost. It appears with the engine, which the
 * containers component registers once the containers are loaded.
 */
@Component(service = HijackedEndpoint.class)
@HijackPath(AttachEndpoint.PATH_PATTERN)
public final class AttachEndpoint implements HijackedEndpoint {
    public static final String PATH_PATTERN = "/containers/[^/]+/attach(/ws)?";
    /** Before this API version dockerd's WebSocket attach used every stream, whatever the query said. */
    static final String WEBSOCKET_STREAM_CHOICE_SINCE = "1.42";
    private final ContainerEngine engine;

    @Activate
    public AttachEndpoint(@Reference ContainerEngine engine) {
        this.engine = engine;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttachEndpoint.class);

    @Override
    public Session open(HijackRequest request) {
        String[] parts = request.path().split("/");
        Container c = engine.index().get(parts[2]);
        boolean stream = flag(request, "stream");
        boolean logs = flag(request, "logs");
        boolean webSocket = request.path().endsWith(WEBSOCKET_SUFFIX);
        boolean allStreams = webSocket && QueryValues.apiVersionBefore(request.apiVersion(),
                WEBSOCKET_STREAM_CHOICE_SINCE);
        boolean stdin = allStreams || flag(request, "stdin");
        boolean stdout = allStreams || flag(request, "stdout");
        boolean stderr = allStreams || flag(request, "stderr");
        byte[] detachKeys = DetachKeys.parse(request.queryParam("detachKeys"));
        boolean tty;
        boolean openStdin;
        boolean stdinOnce;
        synchronized (c) {
            tty = c.record().config.tty;
            openStdin = c.record().config.openStdin;
            stdinOnce = c.record().config.stdinOnce;
        }
        boolean useStdin = stdin && openStdin;
        CompletableFuture<ProcessIo> connection = stream ? engine.attach(c, useStdin) : null;
        // Where the live connection cannot be made, the output is followed in the log until this run ends.
        CompletableFuture<Integer> runEnds = stream ? c.waitFor(io.wharf.containers.store.WaitCondition.NEXT_EXIT)
                : null;
        boolean raw = tty || webSocket; // the WebSocket's messages keep the streams apart, not frames
        StreamSession.Options options = new StreamSession.Options(useStdin, stdout, stderr, raw, detachKeys,
                stdinOnce && !tty);
        return rawStream -> {
            try {
                session(rawStream, c, logs, stdout, stderr, raw, connection, runEnds, options);
            } finally {
                if (runEnds != null) {
                    c.cancelWait(runEnds);
                }
            }
        };
    }

    private void session(io.wharf.api.rest.RawStream raw, Container c, boolean logs, boolean stdout, boolean stderr,
                         boolean rawOutput, CompletableFuture<ProcessIo> connection, CompletableFuture<Integer> runEnds,
                         StreamSession.Options options) throws Exception {
        if (logs && (stdout || stderr)) {
            BufferedOutputStream out = new BufferedOutputStream(raw.output(), 64 * 1024);
            new LogStreamer(Path.of(c.record().logPath), new LogOptions(stdout, stderr, false, false, 0, 0, -1),
                    () -> false).stream(new StdWriter(out, !rawOutput));
            out.flush();
        }
        if (connection == null) {
            return;
        }
        ProcessIo io;
        try {
            io = connection.get();
        } catch (ExecutionException e) {
            // The monitor's socket could not be reached (or the start failed, which the start reports):
            // conmon writes everything to the log as well, so follow it until this run ends.
            LOG.warn("attach to {} fell back to its log: {}", c.id(), e.getCause().toString());
            if (stdout || stderr) {
                BufferedOutputStream out = new BufferedOutputStream(raw.output(), 64 * 1024);
                new LogStreamer(Path.of(c.record().logPath),
                        new LogOptions(stdout, stderr, true, false, 0, 0, -1), () -> !runEnds.isDone(),
                        next -> engine.logs().follow(c.id(), next))
                        .stream(new StdWriter(out, !rawOutput));
                out.flush();
            }
            return;
        }
        engine.events().container(c, "attach");
        StreamSession.Outcome outcome = new StreamSession(io, raw, options).run();
        if (outcome == StreamSession.Outcome.DETACHED) {
            engine.events().container(c, "detach");
        }
    }

    private static boolean flag(HijackRequest request, String name) {
        String v = request.queryParam(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v.toLowerCase()) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw EngineException.invalid("invalid boolean value for %s: %s", name, v);
        };
    }
}
