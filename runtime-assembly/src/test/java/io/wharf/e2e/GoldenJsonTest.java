package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What WireGoldenIT masks and how it reports differences. */
class GoldenJsonTest {
    private final GoldenJson golden = new GoldenJson().literal("/tmp/wharf-golden-1", "<daemon-dir>");

    private JsonNode normalized(String json, String context, boolean allNumbers) {
        return golden.normalize(golden.parseBody(json), context, allNumbers);
    }

    @Test
    void volatileValuesBecomePlaceholdersOfTheSameType() {
        String id = "a".repeat(64);
        JsonNode n = normalized("{\"Id\":\"" + id + "\",\"Created\":1700000000,\"SharedSize\":-1,\"Size\":0,"
                + "\"Status\":\"Up 4 seconds\",\"StartedAt\":\"2026-12-05T01:02:03.123456789Z\","
                + "\"FinishedAt\":\"0001-01-01T00:00:00Z\",\"IPAddress\":\"172.18.0.2\",\"HostIp\":\"127.0.0.1\","
                + "\"MacAddress\":\"02:42:ac:12:00:02\",\"Mountpoint\":\"/tmp/wharf-golden-1/data/v\","
                + "\"Containers\":{\"" + id + "\":{}},\"ExitCode\":3,\"SandboxKey\":\"/proc/123/ns/net\"}",
                "/containers/x/json", false);
        assertEquals("{\"Containers\":{\"<id>\":{}},\"Created\":1,\"ExitCode\":3,\"FinishedAt\":\"0001-01-01T00:00:00Z\","
                + "\"HostIp\":\"127.0.0.1\",\"IPAddress\":\"<ip>\",\"Id\":\"<id>\",\"MacAddress\":\"<mac>\","
                + "\"Mountpoint\":\"<daemon-dir>/data/v\",\"SandboxKey\":\"/proc/<pid>/ns/net\",\"SharedSize\":-1,"
                + "\"Size\":0,\"StartedAt\":\"<time>\",\"Status\":\"Up <duration>\"}", n.toString());
    }

    @Test
    void bindsAndMountsCompareAsSetsOtherArraysInOrder() {
        assertEquals(normalized("{\"Binds\":[\"a:/a\",\"b:/b\"],\"Cmd\":[\"x\",\"y\"]}", "/c", false),
                normalized("{\"Binds\":[\"b:/b\",\"a:/a\"],\"Cmd\":[\"x\",\"y\"]}", "/c", false));
        org.junit.jupiter.api.Assertions.assertNotEquals(normalized("{\"Cmd\":[\"x\",\"y\"]}", "/c", false),
                normalized("{\"Cmd\":[\"y\",\"x\"]}", "/c", false));
    }

    @Test
    void hostFactsAreMaskedOnlyWhereTheyAreHostFacts() {
        assertEquals("{\"Name\":\"<Name>\",\"RegistryConfig\":{\"Name\":\"docker.io\"}}",
                normalized("{\"Name\":\"myhost\",\"RegistryConfig\":{\"Name\":\"docker.io\"}}", "/info", false)
                        .toString());
        assertEquals("{\"Name\":\"/running\"}", normalized("{\"Name\":\"/running\"}", "/containers/x/json", false)
                .toString());
        assertEquals("{\"cpu\":{\"total\":0}}", normalized("{\"cpu\":{\"total\":12345}}", "/stats", true).toString());
    }

    @Test
    void differencesNamePathExpectedAndActual() {
        assertEquals(List.of("$.a: expected 1 (NUMBER), actual \"1\" (STRING)", "$.b[1]: missing field, expected 3",
                "$.c: unexpected field, actual true"), GoldenJson.diff(golden.parseBody("{\"a\":1,\"b\":[2,3]}"),
                golden.parseBody("{\"a\":\"1\",\"b\":[2],\"c\":true}")));
    }
}
