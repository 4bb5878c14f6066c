package io.wharf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String HEX64 = "0123456789abcdef".repeat(4);

    @Test
    void acceptsLowerHexOfEachAlgorithmsLength() {
        assertEquals(HEX64, Digest.parse("sha256:" + HEX64).hex());
        assertEquals("sha384", Digest.parse("sha384:" + "a".repeat(96)).algorithm());
        assertEquals("sha512", Digest.parse("sha512:" + "f".repeat(128)).algorithm());
    }

    @Test
    void refusesWrongLengthsCharactersAndAlgorithms() {
        for (String bad : new String[] {"sha256:" + HEX64.substring(1), "sha256:" + HEX64 + "0",
                "sha256:" + HEX64.toUpperCase(), "sha256:" + HEX64.substring(1) + "g",
                "sha256:" + HEX64.substring(1) + "/", "sha256:" + HEX64.substring(1) + ":",
                "sha256:" + HEX64.substring(1) + "`", "sha256:" + HEX64.substring(1) + "\u0661",
                "sha384:" + HEX64, "sha512:" + "a".repeat(96), "md5:" + HEX64, "sha256:", ":" + HEX64, HEX64}) {
            assertFalse(Digest.isDigest(bad), bad);
        }
        assertThrows(EngineException.class, () -> new Digest("sha256", null));
        assertThrows(EngineException.class, () -> new Digest(null, HEX64));
    }

    @Test
    void sha256OfContentIsValid() {
        assertTrue(Digest.isDigest(Digest.sha256(new byte[0]).toString()));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Digest.sha256(new byte[0]).hex());
    }
}
