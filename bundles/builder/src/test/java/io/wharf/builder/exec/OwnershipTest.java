package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** --chown: numbers, and names from the image's /etc/passwd and /etc/group. */
class OwnershipTest {
    private static final byte[] PASSWD = "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] GROUP = "root:x:0:\nstaff:x:50:\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void namesAndNumbers() {
        assertEquals(new RootfsWriter.Owner(1000, 1000), Ownership.resolve("app", PASSWD, GROUP));
        assertEquals(new RootfsWriter.Owner(1000, 50), Ownership.resolve("app:staff", PASSWD, GROUP));
        assertEquals(new RootfsWriter.Owner(7, 7), Ownership.resolve("7", PASSWD, GROUP));
        assertEquals(new RootfsWriter.Owner(7, 0), Ownership.resolve("7:root", null, GROUP));
    }

    @Test
    void anUnknownNameIsTheClientsError() {
        assertThrows(EngineException.class, () -> Ownership.resolve("ghost", PASSWD, GROUP));
        assertThrows(EngineException.class, () -> Ownership.resolve("app:ghosts", PASSWD, GROUP));
    }
}
