package io.wharf.e2e;

import java.net.URI;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Points Testcontainers at the unix socket of the wharfd a test started (system property {@value #SOCKET_PROPERTY}),
 * as an unmodified Testcontainers user would with DOCKER_HOST. Found by Testcontainers through the service file in
 * the test classpath's META-INF/services; chosen before the strategies that look for a Docker of the host.
 */
public final class WharfClientStrategy extends DockerClientProviderStrategy {
    static final String SOCKET_PROPERTY = "wharf.testcontainers.socket";

    @Override
    public String getDescription() {
        return "the wharfd of the test at " + System.getProperty(SOCKET_PROPERTY);
    }

    @Override
    protected boolean isApplicable() {
        return System.getProperty(SOCKET_PROPERTY) != null;
    }

    @Override
    protected int getPriority() {
        return 1000;
    }

    @Override
    protected boolean isPersistable() {
        return false; // never written to ~/.testcontainers.properties
    }

    @Override
    public TransportConfig getTransportConfig() throws InvalidConfigurationException {
        String socket = System.getProperty(SOCKET_PROPERTY);
        if (socket == null) {
            throw new InvalidConfigurationException(SOCKET_PROPERTY + " is not set");
        }
        return TransportConfig.builder().dockerHost(URI.create("unix://" + socket)).build();
    }
}
