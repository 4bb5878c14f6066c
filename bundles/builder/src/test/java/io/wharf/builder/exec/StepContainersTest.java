package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wharf.api.build.BuildRequest;
import io.wharf.support.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HostConfig of a RUN container, as the container service reads it. */
class StepContainersTest {
    private static BuildRequest request(BuildRequest.Resources resources) {
        return new BuildRequest(null, List.of(), Map.of(), Map.of(), null, false, false, true, false, false, null,
                List.of(), List.of(), resources);
    }

    @Test
    void ulimitsGoInDockersShape() throws Exception {
        BuildRequest.Resources limited = new BuildRequest.Resources(0, 0, 0, null, 0, 0, 0,
                List.of(new BuildRequest.Ulimit("nofile", 512, 1024)));
        String json = new String(Json.bytes(StepContainers.hostConfig(request(limited))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Json.MAPPER.readTree("[{\"Name\":\"nofile\",\"Soft\":512,\"Hard\":1024}]"),
                Json.MAPPER.readTree(json).get("Ulimits"));
        assertFalse(StepContainers.hostConfig(request(BuildRequest.Resources.none())).containsKey("Ulimits"));
    }
}
