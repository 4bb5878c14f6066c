package io.wharf.containers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkingConfigTest {
    private static CreateRequest create(String networkingConfig) {
        return CreateRequest.parse(("{\"Image\":\"busybox\"" + (networkingConfig == null ? ""
                : ",\"NetworkingConfig\":" + networkingConfig) + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void endpointsKeepTheOrderTheClientNamedThem() {
        NetworkingConfig n = create("{\"EndpointsConfig\":{\"b\":{\"Aliases\":[\"x\"]},\"a\":null}}")
                .networkingConfig();
        assertEquals(List.of("b", "a"), List.copyOf(n.endpointsConfig().keySet()));
        assertEquals(List.of("x"), n.endpointsConfig().get("b").aliases);
        assertEquals("", n.endpointsConfig().get("a").endpointId);
    }

    @Test
    void absentOrNullMeansNoEndpoints() {
        assertEquals(NetworkingConfig.NONE, create(null).networkingConfig());
        assertEquals(NetworkingConfig.NONE, create("null").networkingConfig());
        assertEquals(NetworkingConfig.NONE, create("{\"EndpointsConfig\":null}").networkingConfig());
    }

    @Test
    void aMistypedEndpointIsNamedInThe400() {
        EngineException e = assertThrows(EngineException.class,
                () -> create("{\"EndpointsConfig\":{\"gnet\":{\"Aliases\":\"x\"}}}"));
        assertEquals(400, e.kind().httpStatus());
        assertEquals(true, e.getMessage().startsWith("invalid EndpointsConfig for network gnet: "), e.getMessage());
    }
}
