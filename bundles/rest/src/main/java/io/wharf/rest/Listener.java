package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * One {@code -H} address: {@code unix:///path}, {@code tcp://host:port}, or {@code fd://} / {@code fd://N} for the
 * sockets a service manager passed (port holds N, or {@link #ALL_FDS}).
 */
record Listener(String scheme, Path socketPath, String host, int port) {
    static final int ALL_FDS = -1;
    static final int DEFAULT_TCP_PORT = 2375;
    static final int DEFAULT_TLS_PORT = 2376;

    static Listener parse(String address, boolean tls) {
        if (address.startsWith("unix://")) {
            String path = address.substring("unix://".length());
            if (path.isEmpty() || !path.startsWith("/")) {
                throw EngineException.invalid("invalid unix socket address %s: an absolute path is required", address);
            }
            return new Listener("unix", Path.of(path), null, 0);
        }
        if (address.startsWith("tcp://")) {
            URI uri = URI.create(address);
            if (uri.getHost() == null) {
                throw EngineException.invalid("invalid tcp address %s", address);
            }
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? DEFAULT_TLS_PORT : DEFAULT_TCP_PORT;
            return new Listener("tcp", null, uri.getHost(), port);
        }
        if (address.startsWith("fd://")) {
            String fd = address.substring("fd://".length());
            if (fd.isEmpty()) {
                return new Listener("fd", null, null, ALL_FDS);
            }
            if (!fd.matches("[0-9]{1,9}")) {
                throw EngineException.invalid("invalid fd address %s: use fd:// or fd://N", address);
            }
            return new Listener("fd", null, null, Integer.parseInt(fd));
        }
        throw EngineException.invalid("unsupported listen address %s: use unix:///path, tcp://host:port or fd://",
                address);
    }

    boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
