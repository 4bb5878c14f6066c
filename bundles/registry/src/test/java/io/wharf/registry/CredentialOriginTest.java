package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.registry.support.Daemon;
import io.wharf.registry.support.FakeRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Registry credentials go to the registry's origin only: a registry whose uploads and blob downloads live on
 * another origin (scheme, host, port) must see them there without any Authorization header.
 */
class CredentialOriginTest {
    private static final String USER = "alice";

    @ParameterizedTest(name = "{0} auth, storage on {1}")
    @CsvSource({"BASIC, 127.0.0.2", "BEARER, 127.0.0.1"})
    void uploadsAndRedirectedDownloadsOnAnotherOriginGetNoCredentials(FakeRegistry.Scheme scheme, String storageHost,
                                                                       @TempDir Path dir) throws Exception {
        try (FakeRegistry registry = new FakeRegistry(scheme, USER, "s3cret", storageHost);
             Daemon a = new Daemon(dir.resolve("a")); Daemon b = new Daemon(dir.resolve("b"))) {
            String name = registry.host() + "/team/app:1";
            RegistryAuth auth = new RegistryAuth(USER, "s3cret", registry.host(), null, null);
            // one layer small enough for a single PUT, one that goes in a PATCH and a PUT
            Digest id = a.build(name, "amd64", List.of(Daemon.tar("small", "x"),
                    Daemon.tar("big", Daemon.random(1_500_000, 7))));

            a.distribution.push(ImageReference.parse(name), false, auth, m -> { });
            b.distribution.pull(ImageReference.parse(name), null, false, auth, m -> { });

            assertEquals(id, b.store.inspect(name).id());
            assertTrue(registry.storageRequests.stream().anyMatch(r -> r.startsWith("PATCH /upload/")),
                    registry.storageRequests.toString());
            assertTrue(registry.storageRequests.stream().anyMatch(r -> r.startsWith("GET /blobs/")),
                    registry.storageRequests.toString());
            assertEquals(List.of(), registry.storageAuthorizations, "credentials sent to another origin");
        }
    }

    @Test
    void aCachedTokenIsNotHandedToAPasswordWithTheSameStringHashCode(@TempDir Path dir) throws Exception {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Scheme.BEARER, USER, "Aa", "127.0.0.2");
             Daemon a = new Daemon(dir.resolve("a"))) {
            String name = registry.host() + "/team/app:1";
            a.build(name, "amd64", List.of(Daemon.tar("f", "x")));
            a.distribution.push(ImageReference.parse(name), false,
                    new RegistryAuth(USER, "Aa", registry.host(), null, null), m -> { });
            a.distribution.pull(ImageReference.parse(name), null, false,
                    new RegistryAuth(USER, "Aa", registry.host(), null, null), m -> { });

            EngineException refused = assertThrows(EngineException.class, () -> a.distribution.pull(
                    ImageReference.parse(name), null, false, new RegistryAuth(USER, "BB", registry.host(), null, null),
                    m -> { }));
            assertTrue(refused.kind() == ErrorKind.UNAUTHORIZED || refused.kind() == ErrorKind.NOT_FOUND,
                    refused.kind() + ": " + refused.getMessage());
        }
    }
}
