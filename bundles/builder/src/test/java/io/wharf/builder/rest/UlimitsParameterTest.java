package io.wharf.builder.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.linux.ResourceLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /build's ulimits: Docker's JSON list, checked against the daemon's own hard limits. */
class UlimitsParameterTest {
    /** A daemon whose open files are capped at 4096, everything else unlimited. */
    private final UlimitsParameter ulimits = new UlimitsParameter(resource -> resource.equals("RLIMIT_NOFILE")
            ? new ResourceLimits.Limit(1024, 4096) : new ResourceLimits.Limit(-1, -1));

    @Test
    void readsTheListAsTheDockerCliSendsIt() {
        assertEquals(List.of(new BuildRequest.Ulimit("nofile", 1024, 2048), new BuildRequest.Ulimit("core", 0, -1)),
                ulimits.parse("[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024},{\"name\":\"core\",\"soft\":0,"
                        + "\"hard\":-1}]"));
        assertEquals(List.of(), ulimits.parse(null));
        assertEquals(List.of(), ulimits.parse("null")); // the CLI sends its nil slice so
        assertEquals(List.of(), ulimits.parse("[]"));
    }

    @Test
    void malformedOrUnknownLimitsAreBadRequests() {
        for (String bad : new String[] {"[", "{\"Name\":\"nofile\"}", "[{\"Name\":\"nofiles\",\"Soft\":1,\"Hard\":1}]",
                "[{\"Name\":\"NOFILE\",\"Soft\":1,\"Hard\":1}]", "[{\"Name\":\"nproc\",\"Soft\":\"1\",\"Hard\":1}]",
                "[{\"Name\":\"nproc\",\"Soft\":1.5,\"Hard\":2}]", "[{\"Name\":\"nproc\",\"Soft\":3,\"Hard\":2}]",
                "[{\"Soft\":1,\"Hard\":2}]", "[7]"}) {
            EngineException e = assertThrows(EngineException.class, () -> ulimits.parse(bad), bad);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), bad);
        }
    }

    @Test
    void aHardLimitAboveTheDaemonsOwnIsRefusedWithTheReason() {
        assertEquals(List.of(new BuildRequest.Ulimit("nofile", 4096, 4096)),
                ulimits.parse("[{\"Name\":\"nofile\",\"Soft\":4096,\"Hard\":4096}]"));
        EngineException above = assertThrows(EngineException.class,
                () -> ulimits.parse("[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":4097}]"));
        assertTrue(above.getMessage().contains("above the daemon's own hard limit 4096"), above.getMessage());
        assertTrue(above.getMessage().contains("CAP_SYS_RESOURCE"), above.getMessage());
        assertThrows(EngineException.class, () -> ulimits.parse("[{\"Name\":\"nofile\",\"Soft\":-1,\"Hard\":-1}]"));
        // the daemon's unlimited hard limits allow anything
        assertEquals(1, ulimits.parse("[{\"Name\":\"nproc\",\"Soft\":-1,\"Hard\":-1}]").size());
    }

    @Test
    void thisProcessesLimitsAreReadable() {
        // the real getrlimit: asking for exactly the daemon's hard limit of open files is always allowed
        long hard;
        try {
            hard = ResourceLimits.current("RLIMIT_NOFILE").hard();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String limit = hard == -1 ? "-1" : Long.toString(hard);
        assertEquals(1, UlimitsParameter.ofThisProcess().parse("[{\"Name\":\"nofile\",\"Soft\":0,\"Hard\":" + limit
                + "}]").size());
    }
}
