package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class BlackbirdLookupsTest {
    /** A wire record as a bundle would hold it; booleans get Blackbird's own ToBooleanFunction. */
    public record Flag(boolean on, String name) {
    }

    @Test
    void typesThatSeeBlackbirdGetALookupTheJdksDoNot() {
        assertNotNull(new BlackbirdLookups().apply(Flag.class));
        assertNull(new BlackbirdLookups().apply(String.class));
    }

    @Test
    void aTypeWhoseLoaderCannotSeeBlackbirdIsWrittenByReflectionInsteadOfFailing() throws Exception {
        try (URLClassLoader isolated = isolatedLoader()) {
            Object flag = isolated.loadClass(Flag.class.getName()).getConstructor(boolean.class, String.class)
                    .newInstance(true, "x");
            assertNull(new BlackbirdLookups().apply(flag.getClass()));
            // what the lookups guard against: Blackbird's default spins a lambda the record's loader cannot link
            ObjectMapper unguarded = new ObjectMapper().registerModule(new BlackbirdModule());
            assertThrows(Throwable.class, () -> unguarded.writeValueAsString(flag));
            ObjectMapper guarded = new ObjectMapper().registerModule(new BlackbirdModule(new BlackbirdLookups()));
            assertEquals("{\"on\":true,\"name\":\"x\"}", guarded.writeValueAsString(flag));
        }
    }

    @Test
    void recordsItCanReachAreWrittenAsBefore() throws Exception {
        ObjectMapper guarded = new ObjectMapper().registerModule(new BlackbirdModule(new BlackbirdLookups()));
        assertEquals(new ObjectMapper().writeValueAsString(new Flag(false, "y")),
                guarded.writeValueAsString(new Flag(false, "y")));
    }

    /** Loads this test's classes again, with only the JDK as parent: as a bundle that imports nothing. */
    private static URLClassLoader isolatedLoader() {
        URL classes = Flag.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {classes}, null);
    }
}
