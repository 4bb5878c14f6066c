package io.wharf.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The /version and /info records, written as Jersey's plain ObjectMapper writes them. */
class SystemBodiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void versionRepeatsTheEngineFactsAtTheTopForOldClientsWithWharfsOwnVersionAsAComponent() throws Exception {
        VersionBody v = VersionBody.of("0.1.0", "1.50", "1.24", "java17", "amd64", "6.1.0", "2026-01-01T00:00:00Z");
        assertEquals("{\"Platform\":{\"Name\":\"Wharf Engine\"},\"Components\":[{\"Name\":\"Engine\","
                + "\"Version\":\"28.2.0\",\"Details\":{\"ApiVersion\":\"1.50\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\","
                + "\"Arch\":\"amd64\",\"KernelVersion\":\"6.1.0\",\"Experimental\":\"false\",\"GoVersion\":\"java17\","
                + "\"BuildTime\":\"2026-01-01T00:00:00Z\"}},{\"Name\":\"Wharf\",\"Version\":\"0.1.0\"}],\"Version\":\"28.2.0\",\"ApiVersion\":\"1.50\","
                + "\"MinAPIVersion\":\"1.24\",\"GoVersion\":\"java17\",\"Os\":\"linux\",\"Arch\":\"amd64\","
                + "\"KernelVersion\":\"6.1.0\",\"BuildTime\":\"2026-01-01T00:00:00Z\"}", MAPPER.writeValueAsString(v));
    }

    @Test
    void infoPartsKeepDockerdsKeysAndOmitRuntimeArgsWhenNone() throws Exception {
        assertEquals("{\"path\":\"runc\"}", MAPPER.writeValueAsString(new InfoBody.Runtime("runc", null)));
        assertEquals("{\"path\":\"/bin/x\",\"runtimeArgs\":[\"--a\"]}",
                MAPPER.writeValueAsString(new InfoBody.Runtime("/bin/x", List.of("--a"))));
        assertEquals("{\"Volume\":[],\"Network\":[],\"Authorization\":[],\"Log\":[\"journald\",\"json-file\",\"local\","
                + "\"syslog\"]}",
                MAPPER.writeValueAsString(InfoBody.Plugins.WHARF));
        assertEquals("{\"NodeID\":\"\",\"NodeAddr\":\"\",\"LocalNodeState\":\"inactive\",\"ControlAvailable\":false,"
                + "\"Error\":\"\",\"RemoteManagers\":[]}", MAPPER.writeValueAsString(InfoBody.Swarm.INACTIVE));
    }

    @Test
    void diskUsageLeavesOutTheSectionsNotAskedFor() throws Exception {
        assertEquals("{\"Volumes\":[]}",
                MAPPER.writeValueAsString(new DiskUsageBody(null, null, null, List.of(), null)));
        assertEquals("{\"Type\":\"bind\",\"Source\":\"/h\",\"Destination\":\"/c\",\"Mode\":\"\",\"RW\":false,"
                + "\"Propagation\":\"\"}", MAPPER.writeValueAsString(
                new DiskUsageBody.MountRow("bind", null, "/h", "/c", null, "", false, "")));
    }
}
