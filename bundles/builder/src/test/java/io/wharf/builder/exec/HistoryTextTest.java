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

    @Test
    void goDurationsAndRunesPrintAsGoPrintsThem() {
        assertEquals("0s", HistoryText.goDuration(null));
        assertEquals("1.5ms", HistoryText.goDuration(1_500_000L));
        assertEquals("250\u00b5s", HistoryText.goDuration(250_000L));
        assertEquals("30s", HistoryText.goDuration(30_000_000_000L));
        assertEquals("1m30.5s", HistoryText.goDuration(90_500_000_000L));
        assertEquals("1h0m0s", HistoryText.goDuration(3_600_000_000_000L));
        assertEquals("'\\x03'", HistoryText.goQuoteRune(3));
        assertEquals("'\\n'", HistoryText.goQuoteRune(10));
        assertEquals("'A'", HistoryText.goQuoteRune(65));
    }
}
