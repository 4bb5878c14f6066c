package io.wharf.containers;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test over a fresh {@link Harness} in a temporary folder, closed after each test. */
public abstract class WithHarness {
    @TempDir
    protected Path tmp;
    protected Harness h;

    @BeforeEach
    void openHarness() throws Exception {
        h = new Harness(tmp);
    }

    @AfterEach
    void closeHarness() {
        h.close();
    }
}
