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
import io.wharf.registry.support.LocalRegistry;
import io.wharf.registry.support.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic (htpasswd) and Bearer token authentication against Debian's docker-registry. */
class AuthRegistryTest {
    private static final String USER = TokenServer.USER;
    private static final String PASSWORD = TokenServer.PASSWORD;

    private static RegistryAuth creds(String host, String password) {
        return new RegistryAuth(USER, password, host, null, null);
    }

    @Test
    void basicAuth(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available() && Files.isExecutable(Path.of("/usr/bin/htpasswd")),
                "docker-registry and htpasswd are needed");
        Path htpasswd = dir.resolve("htpasswd");
        Process p = new ProcessBuilder("htpasswd", "-Bbc", htpasswd.toString(), USER, PASSWORD)
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        String yaml = "auth:\n  htpasswd:\n    realm: wharf-test\n    path: " + htpasswd + "\n";
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"), yaml);
             Daemon a = new Daemon(dir.resolve("a")); Daemon b = new Daemon(dir.resolve("b"))) {
            String name = registry.host() + "/private/app:1";
            RegistryAuth good = creds(registry.host(), PASSWORD);
            RegistryAuth bad = creds(registry.host(), "nope");

            assertEquals("Login Succeeded", a.distribution.login(good));
            EngineException refused = assertThrows(EngineException.class, () -> a.distribution.login(bad));
            assertEquals(ErrorKind.UNAUTHORIZED, refused.kind());
            assertEquals("login attempt to http://" + registry.host() + "/v2/ failed with status: 401 Unauthorized",
                    refused.getMessage());

            Digest id = a.build(name, "amd64", List.of(Daemon.tar("f", Daemon.random(300_000, 3))));
            Daemon.Recorder denied = new Daemon.Recorder();
            EngineException noCreds = assertThrows(EngineException.class,
                    () -> a.distribution.push(ImageReference.parse(name), false, RegistryAuth.anonymous(), denied));
            assertEquals("no basic auth credentials", noCreds.getMessage());

            a.distribution.push(ImageReference.parse(name), false, good, m -> { });

            EngineException anonymousPull = assertThrows(EngineException.class, () -> b.distribution.pull(
                    ImageReference.parse(name), null, false, RegistryAuth.anonymous(), m -> { }));
            assertEquals("pull access denied for " + registry.host() + "/private/app, repository does not exist or "
                    + "may require 'docker login': no basic auth credentials", anonymousPull.getMessage());

            b.distribution.pull(ImageReference.parse(name), null, false, good, m -> { });
            assertEquals(id, b.store.inspect(name).id());
        }
    }

    @Test
    void tokenAuth(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
        try (TokenServer tokens = new TokenServer(dir);
             LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"), tokens.registryAuthYaml());
             Daemon a = new Daemon(dir.resolve("a")); Daemon b = new Daemon(dir.resolve("b"))) {
            String name = registry.host() + "/team/app:1";
            RegistryAuth good = creds(registry.host(), PASSWORD);

            assertEquals("Login Succeeded", a.distribution.login(good));
            EngineException refused = assertThrows(EngineException.class,
                    () -> a.distribution.login(creds(registry.host(), "wrong")));
            assertEquals(ErrorKind.UNAUTHORIZED, refused.kind());
            assertTrue(refused.getMessage().endsWith("unauthorized: incorrect username or password"),
                    refused.getMessage());

            Digest id = a.build(name, "amd64", List.of(Daemon.busyboxLayer(),
                    Daemon.tar("g", Daemon.random(800_000, 4))));
            a.distribution.push(ImageReference.parse(name), false, good, m -> { });
            assertTrue(tokens.scopesAsked.contains("repository:team/app:pull,push"), tokens.scopesAsked.toString());

            EngineException anonymous = assertThrows(EngineException.class, () -> b.distribution.pull(
                    ImageReference.parse(name), null, false, RegistryAuth.anonymous(), m -> { }));
            assertEquals(ErrorKind.NOT_FOUND, anonymous.kind());
            assertTrue(anonymous.getMessage().startsWith("pull access denied for " + registry.host()
                    + "/team/app, repository does not exist or may require 'docker login': unauthorized:"),
                    anonymous.getMessage());

            b.distribution.pull(ImageReference.parse(name), null, false, good, m -> { });
            assertEquals(id, b.store.inspect(name).id());
            int afterFirstPull = tokens.requests.get();
            b.distribution.pull(ImageReference.parse(name), null, false, good, m -> { });
            assertEquals(afterFirstPull, tokens.requests.get(), "tokens are cached per scope until they expire");

            // anonymous tokens: public repositories are readable without credentials
            String pub = registry.host() + "/public/app:1";
            a.store.addReference(ImageReference.parse(pub), id);
            a.distribution.push(ImageReference.parse(pub), false, good, m -> { });
            Daemon.Recorder r = new Daemon.Recorder();
            b.distribution.pull(ImageReference.parse(pub), null, false, RegistryAuth.anonymous(), r);
            assertEquals(id, b.store.inspect(pub).id());
        }
    }
}
