package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExecRootLayoutTest {
    private static final String ID = "a".repeat(64);

    @Test
    void socketLinkOfSunPathMinusOneBytesLosesItsLastCharacterAsConmonDoes() {
        Path execRoot = Path.of("/tmp/" + "r".repeat(35)); // 40 bytes: <exec root>/s/<id> is 107
        ExecRootLayout layout = new ExecRootLayout(execRoot);
        assertEquals(execRoot.resolve("s/" + ID.substring(0, 63)), layout.socketDir(ID));
        assertEquals(execRoot.resolve("s/" + ID.substring(0, 63) + "/attach"), layout.attachSocket(ID));
    }

    @Test
    void otherLengthsKeepTheWholeId() {
        for (int length : new int[] {34, 36, 60}) {
            Path execRoot = Path.of("/tmp/" + "r".repeat(length));
            assertEquals(execRoot.resolve("s/" + ID), new ExecRootLayout(execRoot).socketDir(ID));
        }
        assertEquals(Path.of("/run/wharf/s/" + ID + "/attach"), new ExecRootLayout(Path.of("/run/wharf")).attachSocket(ID));
    }
}
