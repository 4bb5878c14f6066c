package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step containers noted until removed or kept; what a crash leaves is read back by a new journal. */
class StepJournalTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path home;

    @Test
    void whatIsNotForgottenSurvivesARestart() throws Exception {
        StepJournal journal = new StepJournal(home.resolve("steps"));
        journal.record(A);
        journal.record(B);
        journal.forget(A);
        journal.forget(A); // twice is fine
        Files.writeString(home.resolve("steps/not-an-id"), "");
        assertEquals(List.of(B), new StepJournal(home.resolve("steps")).leftovers());
    }

    @Test
    void onlyContainerIdsNameFiles() throws Exception {
        StepJournal journal = new StepJournal(home.resolve("steps"));
        assertThrows(IllegalArgumentException.class, () -> journal.record("../../etc/passwd"));
    }
}
