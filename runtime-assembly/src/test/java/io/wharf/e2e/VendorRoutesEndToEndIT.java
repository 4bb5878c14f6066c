package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.e2e.vendor.VendorResourcesActivator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor's bundle dropped into a running wharfd serves its REST resource under {@code /vendor/NAME/} (versioned
 * and not), and its resource that asks for an engine route is not served: the engine's answer stays, and the log
 * says why. Removing the bundle takes its route away.
 */
class VendorRoutesEndToEndIT {
    private static final String SYMBOLIC_NAME = "com.example.e2e.vendor-resources";

    @TempDir
    Path work;

    @Test
    void aVendorBundleServesUnderItsPrefixAndCannotShadowAnEngineRoute() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        try (Wharfd wharfd = new Wharfd("vendor").withEnv("WHARF_PLUGINS_DIR", plugins.toString()).start()) {
            UnixHttp api = new UnixHttp(wharfd.socket);
            Path jar = plugins.resolve("vendor-resources.jar");
            ActivatorBundles.pack(jar, work, SYMBOLIC_NAME, VendorResourcesActivator.class,
                    "org.osgi.framework,jakarta.ws.rs", Map.of(), VendorResourcesActivator.Hello.class,
                    VendorResourcesActivator.ShadowsContainers.class);
            UnixHttp.Response hello = api.get("/vendor/e2e/hello");
            for (long deadline = System.currentTimeMillis() + 30_000;
                 hello.status() != 200 && System.currentTimeMillis() < deadline; ) {
                Thread.sleep(500); // FileInstall polls once a second
                hello = api.get("/vendor/e2e/hello");
            }
            assertEquals(200, hello.status(), "the vendor bundle's route never answered: " + wharfd.logText());
            assertEquals("hello from a vendor", hello.body());
            assertEquals("hello from a vendor", api.get("/v1.50/vendor/e2e/hello").body());

            for (String path : new String[] {"/containers/json", "/v1.50/containers/json"}) {
                UnixHttp.Response engine = api.get(path);
                assertEquals(200, engine.status(), path);
                assertEquals("[]", engine.body().strip(), path + " was shadowed");
            }
            assertEquals("", wharfd.docker().run("ps", "-q").ok().out().strip());
            assertTrue(wharfd.logText().contains("not serving a REST resource: the resource "
                    + VendorResourcesActivator.ShadowsContainers.class.getName() + " of bundle " + SYMBOLIC_NAME
                    + " asks for /containers"), wharfd.logText());

            Files.delete(jar);
            for (long deadline = System.currentTimeMillis() + 30_000;
                 hello.status() != 404 && System.currentTimeMillis() < deadline; ) {
                Thread.sleep(500);
                hello = api.get("/vendor/e2e/hello");
            }
            assertEquals(404, hello.status(), "the removed bundle's route still answers");
        }
    }
}
