package io.wharf.metrics;

import io.wharf.api.errors.EngineException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A {@code metrics-addr} value: {@code host:port} or {@code [v6]:port}, on a loopback address (as plain TCP is). */
final class MetricsAddress {
    private MetricsAddress() {
    }

    static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw EngineException.invalid("invalid metrics-addr %s: expected host:port", value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid metrics-addr %s: the port is not a number", value);
        }
        if (port < 0 || port > 65535) {
            throw EngineException.invalid("invalid metrics-addr %s: port out of range", value);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw EngineException.invalid("invalid metrics-addr %s: unknown host %s", value, host);
        }
        if (!address.isLoopbackAddress()) {
            throw EngineException.invalid("refusing metrics-addr %s: the metrics endpoint has no authentication "
                    + "and is only served on loopback addresses", value);
        }
        return new InetSocketAddress(address, port);
    }
}
