package io.wharf.linux;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs the OpenSSL SHA-256 provider for the whole daemon while this bundle runs. */
@Component(immediate = true, service = {})
public final class Sha256ProviderComponent {
    private static final Logger LOG = LoggerFactory.getLogger(Sha256ProviderComponent.class);

    @Activate
    void activate() {
        if (!OpenSslSha256.install()) {
            LOG.info("libcrypto not found: SHA-256 digests use the JDK's implementation");
        }
    }

    @Deactivate
    void deactivate() {
        OpenSslSha256.uninstall();
    }
}
