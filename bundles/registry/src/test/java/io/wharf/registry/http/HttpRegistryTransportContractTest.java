package io.wharf.registry.http;

import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.testkit.RegistryTransportContract;
import io.wharf.registry.support.LocalRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/** The HTTP transport against Debian's docker-registry on loopback, plain HTTP as Docker allows there. */
class HttpRegistryTransportContractTest extends RegistryTransportContract {
    private LocalRegistry local;

    @Override
    protected RegistryTransport open() {
        RegistryHttp http = new RegistryHttp(java.time.Duration.ofSeconds(2));
        return new HttpRegistryTransport(http, new Authenticator(http, Clock.systemUTC()));
    }

    @Override
    protected RegistryEndpoint startRegistry(Path dir) throws Exception {
        local = LocalRegistry.start(dir, "");
        return new RegistryEndpoint(URI.create("http://" + local.host()), true, false);
    }

    @Override
    protected void stopRegistry() {
        if (local != null) {
            local.close();
        }
    }
}
