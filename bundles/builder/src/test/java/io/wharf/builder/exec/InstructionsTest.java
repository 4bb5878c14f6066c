package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.builder.dockerfile.DockerfileParser;
import io.wharf.builder.dockerfile.Instruction;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metadata instructions: the config they leave and the history text they record. */
class InstructionsTest {
    private final Map<String, String> buildArgs = new HashMap<>(Map.of("VERSION", "2"));
    private final Set<String> used = new HashSet<>();
    private final Instructions instructions = new Instructions('\\', buildArgs, used, new HashMap<>());
    private final Stage stage = new Stage(null, null);

    private StepPlan apply(String line) throws Exception {
        Instruction i = DockerfileParser.parse("Dockerfile", "FROM scratch\n" + line).instructions().get(1);
        StepPlan plan = instructions.plan(stage, i);
        stage.config = plan.config();
        return plan;
    }

    @Test
    void envSubstitutesAndReplacesEarlierValues() throws Exception {
        apply("ENV A=1 B=two");
        StepPlan plan = apply("ENV A=${B}-x");
        // every stage starts with the default PATH; ENV replaces a variable where it stands, as moby does
        assertEquals(List.of(Stage.DEFAULT_PATH, "A=two-x", "B=two"), plan.config().env());
        assertEquals("/bin/sh -c #(nop)  ENV A=two-x", plan.createdBy());
        apply("ENV PATH=/app/bin:$PATH");
        assertEquals("PATH=/app/bin:" + Stage.DEFAULT_PATH.substring(5), stage.env().get(0));
    }

    @Test
    void exposeSortsTheWordsAsWrittenAndSplitsExpandedOnes() throws Exception {
        apply("ENV WEB=\"80 443\"");
        StepPlan plan = apply("EXPOSE 9000 8080/tcp $WEB 53/udp");
        assertEquals("/bin/sh -c #(nop)  EXPOSE 80 443 53/udp 8080/tcp 9000", plan.createdBy());
        assertEquals(Set.of("80/tcp", "443/tcp", "53/udp", "8080/tcp", "9000/tcp"),
                plan.config().exposedPorts().keySet());
    }

    @Test
    void shellIsRecordedUnderTheNewShellAndHealthcheckAsGoPrintsItsConfig() throws Exception {
        assertEquals("/bin/bash -ec #(nop)  SHELL [/bin/bash -ec]", apply("SHELL [\"/bin/bash\", \"-ec\"]")
                .createdBy());
        assertEquals("/bin/bash -ec #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"wget -q x || exit 1\"] \"5s\" \"1m30s\" "
                + "\"0s\" '\\x02'}", apply("HEALTHCHECK --interval=5s --timeout=90s --retries=2 CMD wget -q x || exit 1")
                .createdBy());
        assertEquals("/bin/bash -ec #(nop)  HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" '\\x00'}",
                apply("HEALTHCHECK NONE").createdBy());
    }

    @Test
    void argTakesTheBuildArgOverItsDefaultAndStaysOutOfTheConfig() throws Exception {
        StepPlan plan = apply("ARG VERSION=1");
        assertEquals("/bin/sh -c #(nop)  ARG VERSION=1", plan.createdBy());
        assertEquals("2", stage.args.get("VERSION"));
        assertEquals(List.of(Stage.DEFAULT_PATH), plan.config().env());
        assertEquals(List.of("VERSION=2"), stage.runArgs());
        assertEquals(Set.of("VERSION"), used);
        apply("ENV VERSION=3");
        assertEquals(List.of(), stage.runArgs()); // ENV wins over the ARG of the same name
    }

    @Test
    void platformArgsAreGlobalAndReachAStageOnlyThroughAnArgLine() throws Exception {
        Instructions withPlatform = new Instructions('\\', Map.of("BUILDOS", "plan9"), used,
                HostPlatform.of("Linux", "amd64").args());
        assertEquals("busybox-amd64-plan9", withPlatform.expandMeta("busybox-$TARGETARCH-$BUILDOS"));
        Stage inStage = new Stage(null, null);
        assertEquals("[]", withPlatform.expand(inStage, "[$TARGETARCH]"));
        StepPlan arg = withPlatform.plan(inStage, parse("ARG TARGETARCH"));
        assertEquals("/bin/sh -c #(nop)  ARG TARGETARCH", arg.createdBy());
        assertEquals(List.of("TARGETARCH=amd64"), inStage.runArgs());
        assertEquals(List.of(Stage.DEFAULT_PATH), arg.config().env()); // never in the image's env
        // a global ARG without a default keeps the automatic value; one with a default replaces it
        withPlatform.declareMeta(parse("ARG TARGETPLATFORM"));
        withPlatform.declareMeta(parse("ARG TARGETOS=${TARGETPLATFORM}-x"));
        assertEquals("linux/amd64 linux/amd64-x", withPlatform.expandMeta("$TARGETPLATFORM $TARGETOS"));
    }

    private static Instruction parse(String line) throws Exception {
        return DockerfileParser.parse("Dockerfile", "FROM scratch\n" + line).instructions().get(1);
    }

    @Test
    void cmdAndEntrypointUseTheStageShellAndGoQuoting() throws Exception {
        apply("SHELL [\"/bin/bash\", \"-c\"]");
        StepPlan cmd = apply("CMD echo hi");
        assertEquals(List.of("/bin/bash", "-c", "echo hi"), cmd.config().cmd());
        assertEquals("/bin/bash -c #(nop)  CMD [\"/bin/bash\" \"-c\" \"echo hi\"]", cmd.createdBy());
        StepPlan entrypoint = apply("ENTRYPOINT [\"/run\"]");
        assertEquals(List.of("/bin/bash", "-c", "echo hi"), entrypoint.config().cmd()); // CMD set in this stage
    }

    @Test
    void hereDocumentTextExpandsVariablesButKeepsQuotesAndBackslashes() throws Exception {
        apply("ENV NAME=wharf");
        assertEquals("it's \"wharf\" \\n $NAME\n",
                instructions.expandText(stage, "it's \"$NAME\" \\n \\$NAME\n"));
    }

    @Test
    void anEntrypointDropsTheBaseImagesCmd() throws Exception {
        stage.config = stage.config.withCmd(List.of("sh"));
        StepPlan plan = apply("ENTRYPOINT [\"/run\"]");
        assertNull(plan.config().cmd());
        assertEquals("/bin/sh -c #(nop)  ENTRYPOINT [\"/run\"]", plan.createdBy());
    }

    @Test
    void labelExposeVolumeUserAndStopsignal() throws Exception {
        assertEquals("/bin/sh -c #(nop)  LABEL a=b c=d e", apply("LABEL a=b \"c\"=\"d e\"").createdBy());
        assertEquals(Map.of("a", "b", "c", "d e"), stage.config.labels());
        assertEquals("/bin/sh -c #(nop)  EXPOSE 53/udp 80", apply("EXPOSE 80 53/udp").createdBy());
        assertEquals(Set.of("80/tcp", "53/udp"), stage.config.exposedPorts().keySet());
        assertEquals("/bin/sh -c #(nop)  VOLUME [/data /logs]", apply("VOLUME [\"/data\", \"/logs\"]").createdBy());
        assertEquals("/bin/sh -c #(nop)  USER nobody", apply("USER nobody").createdBy());
        assertEquals("nobody", stage.config.user());
        apply("STOPSIGNAL SIGKILL");
        assertEquals("SIGKILL", stage.config.stopSignal());
    }

    @Test
    void onbuildAndHealthcheckAreRecordedAsWritten() throws Exception {
        apply("ONBUILD RUN echo child");
        assertEquals(List.of("RUN echo child"), stage.config.onBuild());
        apply("HEALTHCHECK --interval=5s CMD true");
        assertEquals(List.of("CMD-SHELL", "true"), stage.config.healthcheck().test());
        assertEquals(5_000_000_000L, stage.config.healthcheck().interval());
    }
}
