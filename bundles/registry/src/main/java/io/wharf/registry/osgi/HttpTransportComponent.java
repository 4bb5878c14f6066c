package io.wharf.registry.osgi;

import io.wharf.api.model.Digest;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.registry.SearchResult;
import io.wharf.registry.http.Authenticator;
import io.wharf.registry.http.HttpRegistryTransport;
import io.wharf.registry.http.RegistryHttp;
import io.wharf.registry.http.RegistryProxies;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/** Publishes the HTTP(S) registry transport; the Jetty client lives as long as the component. */
@Component(service = RegistryTransport.class, configurationPid = RegistryConfiguration.PID,
        property = {RegistryTransport.SCHEME_PROPERTY + "=https", RegistryTransport.SCHEME_PROPERTY + "=http"})
public final class HttpTransportComponent implements RegistryTransport {
    private HttpRegistryTransport transport;

    @Activate
    void activate(RegistryConfiguration config) {
        RegistryHttp http = new RegistryHttp(RegistryHttp.DEFAULT_PING_TIMEOUT,
                new RegistryProxies(config.httpProxy(), config.httpsProxy(), config.noProxy()));
        transport = new HttpRegistryTransport(http, new Authenticator(http, Clock.systemUTC()));
    }

    /** SIGHUP: the proxies take effect at the next start; without this DS would restart the transport. */
    @Modified
    void modified() {
        // nothing changes live
    }

    @Deactivate
    void deactivate() {
        transport.close();
    }

    @Override
    public String ping(RegistryEndpoint endpoint, RegistryAuth auth) throws IOException {
        return transport.ping(endpoint, auth);
    }

    @Override
    public ManifestResponse getManifest(RegistryEndpoint endpoint, String repository, String reference,
                                        List<String> acceptedMediaTypes, RegistryAuth auth) throws IOException {
        return transport.getManifest(endpoint, repository, reference, acceptedMediaTypes, auth);
    }

    @Override
    public InputStream getBlob(RegistryEndpoint endpoint, String repository, Digest digest, long offset,
                               RegistryAuth auth) throws IOException {
        return transport.getBlob(endpoint, repository, digest, offset, auth);
    }

    @Override
    public long statBlob(RegistryEndpoint endpoint, String repository, Digest digest, RegistryAuth auth)
            throws IOException {
        return transport.statBlob(endpoint, repository, digest, auth);
    }

    @Override
    public boolean mountBlob(RegistryEndpoint endpoint, String repository, Digest digest, String fromRepository,
                             RegistryAuth auth) throws IOException {
        return transport.mountBlob(endpoint, repository, digest, fromRepository, auth);
    }

    @Override
    public void putBlob(RegistryEndpoint endpoint, String repository, Digest digest, long size, InputStream content,
                        RegistryAuth auth) throws IOException {
        transport.putBlob(endpoint, repository, digest, size, content, auth);
    }

    @Override
    public Digest putManifest(RegistryEndpoint endpoint, String repository, String reference, String mediaType,
                              byte[] content, RegistryAuth auth) throws IOException {
        return transport.putManifest(endpoint, repository, reference, mediaType, content, auth);
    }

    @Override
    public List<String> listTags(RegistryEndpoint endpoint, String repository, RegistryAuth auth) throws IOException {
        return transport.listTags(endpoint, repository, auth);
    }

    @Override
    public List<SearchResult> searchV1(RegistryEndpoint endpoint, String term, int limit, RegistryAuth auth)
            throws IOException {
        return transport.searchV1(endpoint, term, limit, auth);
    }

    @Override
    public List<String> catalog(RegistryEndpoint endpoint, int max, RegistryAuth auth) throws IOException {
        return transport.catalog(endpoint, max, auth);
    }
}
