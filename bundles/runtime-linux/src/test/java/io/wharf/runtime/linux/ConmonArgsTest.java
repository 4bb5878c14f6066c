package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonArgsTest {
    @TempDir
    Path tmp;

    private List<String> args(Path log, long logSizeMax) {
        Conmon conmon = new Conmon(Path.of("/usr/bin/conmon"), new ExecRootLayout(tmp.resolve("run")),
                new ObjectMapper(), "info");
        OciRuntime runc = new OciRuntime("runc", Path.of("/usr/bin/runc"), List.of(), tmp.resolve("state"));
        return conmon.createArgs(new Conmon.CreateRequest("c1", "c1", runc, log, false, false, false, logSizeMax));
    }

    @Test
    void aRotatedLogGivesConmonItsSizeLimit() {
        List<String> args = args(tmp.resolve("container.log"), 1 << 20);
        int l = args.indexOf("--log-size-max");
        assertEquals("1048576", args.get(l + 1));
        assertEquals("k8s-file:" + tmp.resolve("container.log"), args.get(args.indexOf("-l") + 1));
        assertFalse(args(tmp.resolve("container.log"), -1).contains("--log-size-max"));
        assertFalse(args(null, 1 << 20).contains("--log-size-max"), "no log file, nothing to limit");
    }

    @Test
    void theLogIsNotSyncedBeforeTheExitIsRecorded() {
        assertEquals(1, args(tmp.resolve("container.log"), -1).stream().filter("--no-sync-log"::equals).count());
        assertFalse(args(null, -1).contains("--no-sync-log"), "no log, nothing to sync");
    }
}
