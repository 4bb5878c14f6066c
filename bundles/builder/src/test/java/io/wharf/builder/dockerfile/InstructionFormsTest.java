package io.wharf.builder.dockerfile;

import static io.wharf.builder.dockerfile.DockerfileParserTest.error;
import static io.wharf.builder.dockerfile.DockerfileParserTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.builder.dockerfile.Instruction.KeyValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each instruction's argument shapes and checks, from the Dockerfile reference; error texts from BuildKit. */
class InstructionFormsTest {

    private static Instruction second(String line) throws DockerfileSyntaxException {
        return parse("FROM busybox\n" + line + "\n").get(1);
    }

    private static String secondError(String line) {
        return error("FROM busybox\n" + line + "\n");
    }

    @Test
    void fromWithStageNameAndPlatform() throws Exception {
        Instruction from = parse("FROM --platform=$BUILDPLATFORM golang:1.21 AS Build\n").get(0);
        assertEquals(Map.of("platform", "$BUILDPLATFORM"), from.flags());
        assertEquals(List.of("golang:1.21", "AS", "Build"), from.words());
        assertEquals("build", from.stageName().orElseThrow());
        assertTrue(parse("FROM scratch\n").get(0).stageName().isEmpty());
        assertEquals("Dockerfile:1: FROM requires either one or three arguments", error("FROM a b\n"));
        assertEquals("Dockerfile:1: FROM requires either one or three arguments", error("FROM\n"));
        assertEquals("Dockerfile:1: invalid name for build stage: \"1st\", name can't start with a number or "
                + "contain symbols", error("FROM a AS 1st\n"));
    }

    @Test
    void jsonAndShellForms() throws Exception {
        assertEquals(List.of("/bin/sh", "-c", "echo \"hi\""), second("RUN [\"/bin/sh\", \"-c\", \"echo \\\"hi\\\"\"]")
                .args());
        Instruction notJson = second("CMD [\"unterminated\"");
        assertFalse(notJson.jsonForm());
        assertEquals(List.of("[\"unterminated\""), notJson.args());
        assertFalse(second("ENTRYPOINT ['single', 'quotes']").jsonForm(), "not JSON, so shell form as in Docker");
        assertEquals(List.of("a"), second("CMD [\"a\"] trailing").args(), "moby decodes the first JSON value only");
        assertTrue(second("CMD [\"a\"] trailing").jsonForm());
        assertTrue(second("CMD []").jsonForm());
        assertEquals(List.of(), second("CMD []").args());
        assertEquals("Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only",
                secondError("CMD [\"a\", 1]"));
        assertEquals(List.of(), second("CMD").args());
    }

    @Test
    void envInBothForms() throws Exception {
        assertEquals(List.of(new KeyValue("MY_NAME", "\"John Doe\"", true), new KeyValue("MY_DOG", "Rex\\ The\\ Dog",
                true), new KeyValue("MY_CAT", "fluffy", true)),
                second("ENV MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog \\\n    MY_CAT=fluffy").keyValues());
        assertEquals(List.of(new KeyValue("MY_VAR", "my value is here", true)),
                second("ENV MY_VAR my value is here").keyValues());
        assertEquals("Dockerfile:2: ENV must have two arguments", secondError("ENV ONLY"));
        assertEquals("Dockerfile:2: ENV requires at least one argument", secondError("ENV"));
        assertEquals("Dockerfile:2: Syntax error - can't find = in \"b\". Must be of the form: name=value",
                secondError("ENV a=1 b"));
        assertEquals("Dockerfile:2: ENV names can not be blank", secondError("ENV =x"));
    }

    @Test
    void labelsAndTheirValuesExpandLater() throws Exception {
        Instruction label = second("LABEL \"com.example.vendor\"=\"ACME Incorporated\" version=1.0 "
                + "description=\"This text illustrates \\\n that label-values can span multiple lines.\"");
        List<KeyValue> pairs = label.keyValues();
        assertEquals("\"com.example.vendor\"", pairs.get(0).key());
        assertEquals("com.example.vendor", Substitution.expand(pairs.get(0).key(), '\\', name -> null));
        assertEquals("This text illustrates  that label-values can span multiple lines.",
                Substitution.expand(pairs.get(2).value(), '\\', name -> null));
    }

    @Test
    void argWithAndWithoutDefaults() throws Exception {
        assertEquals(List.of(new KeyValue("user1", "someuser", true), new KeyValue("buildno", null, false)),
                second("ARG user1=someuser buildno").keyValues());
        assertEquals(List.of(new KeyValue("CONT_IMG_VER", "v1.0.0", true)),
                parse("ARG CONT_IMG_VER=v1.0.0\nFROM busybox\n").get(0).keyValues());
        assertEquals("Dockerfile:2: ARG requires at least one argument", secondError("ARG"));
        assertEquals("Dockerfile:2: ARG names can not be blank", secondError("ARG =x"));
    }

    @Test
    void copyAndAddFlagsAndSources() throws Exception {
        Instruction copy = second("COPY --from=build --chown=55:mygroup --chmod=644 --link files* /somedir/");
        assertEquals(Map.of("from", "build", "chown", "55:mygroup", "chmod", "644", "link", "true"), copy.flags());
        assertEquals(List.of("files*", "/somedir/"), copy.words());
        assertEquals(List.of("from", "chown", "chmod", "link"), List.copyOf(copy.flags().keySet()), "in order");
        assertEquals(List.of("a b", "/d/"), second("ADD [\"a b\", \"/d/\"]").words());
        assertEquals(Map.of("link", "false"), second("ADD --link=false a /b").flags());
        assertEquals(Map.of("chown", "a b"), second("COPY --chown=\"a b\" x /y").flags(), "quotes removed");
        assertEquals("Dockerfile:2: COPY requires at least two arguments, but only one was provided. Destination "
                + "could not be determined", secondError("COPY onlyone"));
        assertEquals("Dockerfile:2: Unknown flag: from", secondError("ADD --from=x a b"));
        assertEquals("Dockerfile:2: Missing a value on flag: chown", secondError("COPY --chown a b"));
        assertEquals("Dockerfile:2: Duplicate flag specified: from", secondError("COPY --from=a --from=b a b"));
        assertEquals("Dockerfile:2: Expecting boolean value for flag link, not: maybe",
                secondError("COPY --link=maybe a b"));
        assertEquals("Dockerfile:2: Unknown flag: foo", secondError("WORKDIR --foo /x"));
    }

    @Test
    void runFlags() throws Exception {
        assertEquals(Map.of("network", "none"), second("RUN --network=none wget example.com").flags());
        assertTrue(secondError("RUN --mount=type=cache,target=/root/.cache go build")
                .startsWith("Dockerfile:2: RUN --mount is not supported by this builder"));
        assertEquals("Dockerfile:2: unsupported network mode \"bridge\"", secondError("RUN --network=bridge x"));
        assertEquals(List.of("--not-a-flag-after-words"), second("RUN echo --not-a-flag-after-words").words()
                .subList(1, 2));
    }

    @Test
    void singleArgumentInstructions() throws Exception {
        assertEquals(List.of("/path/to/$DIRNAME"), second("WORKDIR /path/to/$DIRNAME").args());
        assertEquals(List.of("patrick:staff"), second("user patrick:staff").args());
        assertEquals(List.of("SIGKILL"), second("STOPSIGNAL SIGKILL").args());
        assertEquals(List.of("SvenDowideit@home.org.au"), second("MAINTAINER SvenDowideit@home.org.au").args());
        for (String keyword : List.of("WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER")) {
            assertEquals("Dockerfile:2: " + keyword + " requires exactly one argument", secondError(keyword));
        }
    }

    @Test
    void exposeVolumeAndShell() throws Exception {
        assertEquals(List.of("80/tcp", "80/udp"), second("EXPOSE 80/tcp 80/udp").words());
        assertEquals(List.of("/data", "/var/log"), second("VOLUME [\"/data\", \"/var/log\"]").words());
        assertEquals(List.of("/myvol"), second("VOLUME /myvol").words());
        assertEquals("Dockerfile:2: VOLUME specified can not be an empty string", secondError("VOLUME [\"\"]"));
        assertEquals("Dockerfile:2: EXPOSE requires at least one argument", secondError("EXPOSE"));
        assertEquals(List.of("powershell", "-command"), second("SHELL [\"powershell\", \"-command\"]").args());
        assertEquals("Dockerfile:2: SHELL requires the arguments to be in JSON form", secondError("SHELL bash -c"));
        assertEquals("Dockerfile:2: SHELL requires at least one argument", secondError("SHELL []"));
    }

    @Test
    void healthcheckFormsAndOptions() throws Exception {
        Instruction shell = second("HEALTHCHECK --interval=5m --timeout=3s --start-period=1s --start-interval=2s "
                + "--retries=3 CMD curl -f http://localhost/ || exit 1");
        assertEquals(List.of("CMD", "curl -f http://localhost/ || exit 1"), shell.args());
        assertFalse(shell.jsonForm());
        assertEquals(300_000_000_000L, InstructionRules.interval(shell, "interval"));
        assertEquals(3, InstructionRules.retries(shell));
        Instruction json = second("HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]");
        assertEquals(List.of("CMD", "curl", "-f", "http://localhost/"), json.args());
        assertTrue(json.jsonForm());
        assertEquals(List.of("NONE"), second("HEALTHCHECK NONE").args());
        assertEquals("Dockerfile:2: HEALTHCHECK NONE takes no arguments", secondError("HEALTHCHECK NONE x"));
        assertEquals("Dockerfile:2: Unknown type \"RUN\" in HEALTHCHECK (try CMD)", secondError("HEALTHCHECK RUN x"));
        assertEquals("Dockerfile:2: Missing command after HEALTHCHECK CMD", secondError("HEALTHCHECK CMD"));
        assertEquals("Dockerfile:2: HEALTHCHECK requires at least one argument", secondError("HEALTHCHECK"));
        assertEquals("Dockerfile:2: time: missing unit in duration \"5\"", secondError("HEALTHCHECK --interval=5 CMD x"));
        assertEquals("Dockerfile:2: time: unknown unit \"x\" in duration \"5x\"",
                secondError("HEALTHCHECK --interval=5x CMD x"));
        assertEquals("Dockerfile:2: time: invalid duration \"abc\"", secondError("HEALTHCHECK --interval=abc CMD x"));
        assertEquals("Dockerfile:2: time: missing unit in duration \"5s3\"", secondError("HEALTHCHECK --interval=5s3 CMD x"));
        assertEquals("Dockerfile:2: time: unknown unit \"d\" in duration \"1h2d\"",
                secondError("HEALTHCHECK --interval=1h2d CMD x"));
        assertEquals("Dockerfile:2: Interval \"timeout\" cannot be less than 1ms",
                secondError("HEALTHCHECK --timeout=1us CMD x"));
        assertEquals("Dockerfile:2: --retries must be at least 1 (not -1)", secondError("HEALTHCHECK --retries=-1 CMD x"));
        assertEquals("Dockerfile:2: strconv.ParseInt: parsing \"x\": invalid syntax",
                secondError("HEALTHCHECK --retries=x CMD x"));
    }

    @Test
    void onbuildTriggers() throws Exception {
        Instruction onbuild = second("ONBUILD ADD . /app/src");
        assertEquals(List.of("ADD . /app/src"), onbuild.args());
        Instruction trigger = DockerfileParser.parseTrigger("Dockerfile", 1, onbuild.args().get(0), '\\');
        assertEquals(List.of(".", "/app/src"), trigger.words());
        assertEquals(List.of("RUN /usr/local/bin/python-build --dir /app/src"),
                second("onbuild   RUN /usr/local/bin/python-build --dir /app/src").args());
        assertEquals("Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                secondError("ONBUILD ONBUILD RUN x"));
        assertEquals("Dockerfile:2: FROM isn't allowed as an ONBUILD trigger", secondError("ONBUILD FROM x"));
        assertEquals("Dockerfile:2: MAINTAINER isn't allowed as an ONBUILD trigger", secondError("ONBUILD maintainer x"));
        assertEquals("Dockerfile:2: unknown instruction: RUNN", secondError("ONBUILD RUNN x"));
        assertEquals("Dockerfile:2: COPY requires at least two arguments, but only one was provided. Destination "
                + "could not be determined", secondError("ONBUILD COPY x"));
        assertEquals("Dockerfile:2: ONBUILD requires at least one argument", secondError("ONBUILD"));
    }
}
