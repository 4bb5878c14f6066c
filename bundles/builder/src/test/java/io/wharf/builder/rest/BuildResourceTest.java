package io.wharf.builder.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.build.BuildStepFailedException;
import io.wharf.api.errors.EngineException;
import io.wharf.support.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The query parameters of POST /build and Docker's error line. */
class BuildResourceTest {
    @Test
    void buildArgsMayHoldNullValues() {
        Map<String, String> expected = new HashMap<>();
        expected.put("A", "1");
        expected.put("B", null);
        assertEquals(expected, BuildResource.stringMap("{\"A\":\"1\",\"B\":null}", "buildargs"));
        assertEquals(Map.of(), BuildResource.stringMap(null, "labels"));
        assertThrows(EngineException.class, () -> BuildResource.stringMap("{", "labels"));
    }

    @Test
    void numbersAndLists() {
        assertEquals(0, BuildResource.number(null, "memory"));
        assertEquals(1024, BuildResource.number("1024", "memory"));
        assertThrows(EngineException.class, () -> BuildResource.number("lots", "memory"));
        assertEquals(List.of("a", "b"), BuildResource.stringList("[\"a\",\"b\"]"));
        assertEquals(List.of("a", "b"), BuildResource.stringList("a,b"));
    }

    @Test
    void onlyTheDaemonsOwnPlatformIsAccepted() {
        io.wharf.builder.exec.HostPlatform amd64 = new io.wharf.builder.exec.HostPlatform("linux", "amd64", "");
        BuildResource.checkPlatform(null, amd64);
        BuildResource.checkPlatform("", amd64);
        BuildResource.checkPlatform("linux", amd64);
        BuildResource.checkPlatform("linux/amd64", amd64);
        EngineException other = assertThrows(EngineException.class,
                () -> BuildResource.checkPlatform("linux/arm64", amd64));
        assertEquals("unsupported platform \"linux/arm64\": this daemon builds only for linux/amd64",
                other.getMessage());
        assertThrows(EngineException.class, () -> BuildResource.checkPlatform("not a platform", amd64));
    }

    @Test
    void aFailedStepCarriesItsExitCodeOtherErrorsNone() throws Exception {
        String failed = Json.MAPPER.writeValueAsString(BuildStream.ErrorLine.of(new CompletionException(
                new BuildStepFailedException("The command '/bin/sh -c exit 3' returned a non-zero code: 3", 3))));
        assertEquals("{\"errorDetail\":{\"code\":3,\"message\":\"The command '/bin/sh -c exit 3' returned a "
                + "non-zero code: 3\"},\"error\":\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"}",
                failed);
        assertNull(BuildStream.ErrorLine.of(EngineException.invalid("bad")).errorDetail().code());
    }

    @Test
    void theStreamCarriesTheOutputThenTheError() throws Exception {
        BuildStream stream = BuildStream.start((out, cancelled) -> {
            out.onProgress(io.wharf.api.progress.ProgressMessage.stream("Step 1/1 : FROM x\n"));
            throw new BuildStepFailedException("boom", 2);
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        stream.writeTo(bytes);
        assertEquals("{\"stream\":\"Step 1/1 : FROM x\\n\"}\r\n{\"errorDetail\":{\"code\":2,\"message\":\"boom\"},"
                + "\"error\":\"boom\"}\r\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidRequestBeforeAnyOutputIsAnHttpError() {
        assertThrows(CompletionException.class, () -> BuildStream.start((out, cancelled) -> {
            throw EngineException.invalid("Cannot locate specified Dockerfile: Dockerfile");
        }));
    }
}
