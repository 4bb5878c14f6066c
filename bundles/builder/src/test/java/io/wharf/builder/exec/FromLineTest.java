package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.builder.dockerfile.DockerfileParser;
import io.wharf.builder.dockerfile.Substitution;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FROM's image, stage name and {@code --platform}, substituted with the ARGs before the first FROM. */
class FromLineTest {
    private static final HostPlatform AMD64 = HostPlatform.of("Linux", "amd64");

    private static FromLine parse(String line, Map<String, String> metaArgs) throws Exception {
        Map<String, String> args = new HashMap<>(AMD64.args());
        args.putAll(metaArgs);
        return FromLine.parse(DockerfileParser.parse("Dockerfile", line + "\n").instructions().get(0),
                word -> {
                    try {
                        return Substitution.expand(word, '\\', args::get);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, AMD64);
    }

    @Test
    void theHostsPlatformBuildsHoweverItIsNamed() throws Exception {
        for (String platform : new String[] {"linux/amd64", "$BUILDPLATFORM", "${TARGETPLATFORM}", "linux",
                "$TARGETOS/$TARGETARCH", "linux/x86_64", "$MINE"}) {
            assertEquals(new FromLine("busybox", "base"),
                    parse("FROM --platform=" + platform + " busybox AS base", Map.of("MINE", "linux/amd64")),
                    platform);
        }
        assertEquals(new FromLine("busybox", null), parse("FROM busybox", Map.of()));
    }

    @Test
    void aForeignOrEmptyPlatformIsRefusedSayingWhy() {
        EngineException foreign = assertThrows(EngineException.class,
                () -> parse("FROM --platform=linux/s390x busybox", Map.of()));
        assertEquals("unsupported platform \"linux/s390x\": this daemon builds only for linux/amd64",
                foreign.getMessage());
        EngineException fromArg = assertThrows(EngineException.class,
                () -> parse("FROM --platform=$WANTED busybox", Map.of("WANTED", "linux/arm64")));
        assertEquals("unsupported platform \"linux/arm64\": this daemon builds only for linux/amd64",
                fromArg.getMessage());
        EngineException empty = assertThrows(EngineException.class,
                () -> parse("FROM --platform=$UNSET busybox", Map.of()));
        assertEquals("failed to parse platform $UNSET: the platform is empty", empty.getMessage());
    }
}
