package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.config.RuntimeDefinition;
import io.wharf.engine.rest.InfoBody;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of GET /info that come from daemon.json. */
class InfoFromConfigTest {
    @Test
    void insecureRegistriesByNameAreIndexConfigsAndByCidrAreListedApart() throws Exception {
        InfoBody.RegistryConfig rc = InfoBody.RegistryConfig.of(List.of("https://m.example"),
                List.of("reg.local:5000", "10.0.0.0/8"));
        assertEquals(List.of("::1/128", "127.0.0.0/8", "10.0.0.0/8"), rc.insecureRegistryCidrs());
        assertEquals(List.of("docker.io", "reg.local:5000"), List.copyOf(rc.indexConfigs().keySet()));
        assertEquals(new InfoBody.IndexInfo("docker.io", List.of("https://m.example"), true, true),
                rc.indexConfigs().get("docker.io"));
        assertEquals(new InfoBody.IndexInfo("reg.local:5000", List.of(), false, false),
                rc.indexConfigs().get("reg.local:5000"));
        assertEquals(List.of("https://m.example"), rc.mirrors());
    }

    @Test
    void runtimesAreRuncCrunAndTheConfiguredOnes() throws Exception {
        Map<String, RuntimeDefinition> c = Map.of("kata", new RuntimeDefinition("/opt/kata", List.of("--debug")));
        assertEquals(List.of("runc", "crun", "kata"), List.copyOf(InfoBody.Runtime.allOf(c).keySet()));
        assertEquals(new InfoBody.Runtime("/opt/kata", List.of("--debug")), InfoBody.Runtime.allOf(c).get("kata"));
        assertEquals(new InfoBody.Runtime("runc", null), InfoBody.Runtime.allOf(Map.of())
                .get("runc"));
    }
}
