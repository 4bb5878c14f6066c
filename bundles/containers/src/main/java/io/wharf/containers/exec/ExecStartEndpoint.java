package io.wharf.containers.exec;

import io.wharf.api.rest.HijackPath;
import io.wharf.api.rest.HijackRequest;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.StreamType;
import io.wharf.containers.attach.DetachKeys;
import io.wharf.containers.attach.StreamSession;
import io.wharf.containers.logs.StdWriter;
import io.wharf.support.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /exec/{id}/start. Detached: starts the exec and answers a plain 200 (open returns null, so nothing is
 * hijacked). Attached: streams its stdio; a start failure is written to the stream as dockerd does, and a
 * stream whose output ended closes only once the exit code is recorded, since the CLI inspects the exec right
 * after; a client that detached (its detach keys) is let go at once, the process running on.
 */
@Component(service = HijackedEndpoint.class)
@HijackPath(ExecStartEndpoint.PATH_PATTERN)
public final class ExecStartEndpoint implements HijackedEndpoint {
    public static final String PATH_PATTERN = "/exec/[^/]+/start";
    private static final Logger LOG = LoggerFactory.getLogger(ExecStartEndpoint.class);
    private static final long EXIT_WAIT_MILLIS = 10_000;
    private final ExecService execs;

    @Activate
    public ExecStartEndpoint(@Reference ExecService execs) {
        this.execs = execs;
    }

    @Override
    public Session open(HijackRequest request) {
        String id = request.path().split("/")[2];
        ExecConfig.Start start = Json.readRequest(request.body(), ExecConfig.Start.class);
        boolean detach = start != null && start.detach();
        ExecInstance exec = execs.get(id);
        execs.claim(exec);
        ExecConfig cfg = exec.config();
        if (detach) {
            try {
                execs.start(exec, false);
            } catch (IOException e) {
                throw io.wharf.api.errors.EngineException.system(e.getMessage(), e);
            }
            return null;
        }
        boolean tty = cfg.tty();
        byte[] detachKeys = DetachKeys.parse(cfg.detachKeys());
        return raw -> {
            ExecSession session;
            try {
                session = execs.start(exec, true);
            } catch (IOException | RuntimeException e) {
                writeError(raw.output(), tty, e.getMessage());
                return;
            }
            if (session.io() != null) {
                StreamSession.Options options = new StreamSession.Options(cfg.attachStdin(), cfg.attachStdout(),
                        cfg.attachStderr(), tty, detachKeys, true);
                if (new StreamSession(session.io(), raw, options).run() != StreamSession.Outcome.OUTPUT_ENDED) {
                    return; // detached or gone: the process runs on, nobody reads its exit code from this stream
                }
            }
            if (!exec.awaitExit(EXIT_WAIT_MILLIS)) {
                LOG.debug("exec {} output ended but it has not exited yet", exec.id());
            }
        };
    }

    private static void writeError(OutputStream out, boolean tty, String message) throws IOException {
        byte[] text = (message + "\r\n").getBytes(StandardCharsets.UTF_8);
        out.write(tty ? text : StdWriter.frame(StreamType.STDOUT, text, 0, text.length));
        out.flush();
    }
}
