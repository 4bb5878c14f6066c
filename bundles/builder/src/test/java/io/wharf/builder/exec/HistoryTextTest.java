package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic builder's created_by texts, as moby joins the step's command words. */
class HistoryTextTest {
    private static final List<String> SHELL = List.of("/bin/sh", "-c");

    @Test
    void metadataStepsHaveTwoSpacesAfterNopAndWorkdirOrCopyOne() {
        assertEquals("/bin/sh -c #(nop)  ENV A=b", HistoryText.metadata(SHELL, "ENV A=b"));
        assertEquals("/bin/sh -c #(nop) WORKDIR /x", HistoryText.sameWord(SHELL, "WORKDIR /x"));
    }

    @Test
    void runWithBuildArgsIsPrefixedWithTheirCountAndValues() {
        assertEquals("|2 A=1 B=2 /bin/sh -c make", HistoryText.run(List.of("/bin/sh", "-c", "make"),
                List.of("A=1", "B=2")));
        assertEquals("/bin/sh -c make", HistoryText.run(List.of("/bin/sh", "-c", "make"), List.of()));
    }

    @Test
    void goFormatsOfSlices() {
        assertEquals("[\"cat\" \"a \\\"b\\\"\"]", HistoryText.goQuoted(List.of("cat", "a \"b\"")));
        assertEquals("[/bin/bash -c]", HistoryText.goList(List.of("/bin/bash", "-c")));
    }
}
