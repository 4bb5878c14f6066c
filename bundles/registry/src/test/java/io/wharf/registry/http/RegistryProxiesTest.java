package io.wharf.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyConfiguration;
import org.junit.jupiter.api.Test;

class RegistryProxiesTest {
    private static String proxyFor(RegistryProxies proxies, String scheme, String host, int port) {
        ProxyConfiguration configuration = new ProxyConfiguration();
        proxies.configure(configuration);
        ProxyConfiguration.Proxy proxy = configuration.match(new Origin(scheme, host, port));
        return proxy == null ? null : proxy.getAddress().asString();
    }

    @Test
    void eachSchemeGoesThroughItsOwnProxy() {
        RegistryProxies p = new RegistryProxies("proxy.example:3128", "https://secure.example:8443", "");
        assertEquals("proxy.example:3128", proxyFor(p, "http", "registry.example", 5000));
        assertEquals("secure.example:8443", proxyFor(p, "https", "registry.example", 443));
        assertNull(proxyFor(new RegistryProxies("", "", ""), "https", "registry.example", 443));
        assertNull(proxyFor(new RegistryProxies("proxy.example:3128", "", ""), "https", "registry.example", 443));
    }

    @Test
    void noProxyIsReadAsGoReadsNoProxy() {
        RegistryProxies p = new RegistryProxies("", "proxy.example:3128",
                "corp.example, .internal, 10.0.0.0/8, mirror.example:5000, 192.168.1.7");
        assertNull(proxyFor(p, "https", "corp.example", 443));
        assertNull(proxyFor(p, "https", "hub.corp.example", 443), "a name matches its subdomains");
        assertNull(proxyFor(p, "https", "a.internal", 443));
        assertEquals("proxy.example:3128", proxyFor(p, "https", "internal", 443), "a leading dot: subdomains only");
        assertNull(proxyFor(p, "https", "10.1.2.3", 443));
        assertEquals("proxy.example:3128", proxyFor(p, "https", "11.1.2.3", 443));
        assertNull(proxyFor(p, "https", "mirror.example", 5000));
        assertEquals("proxy.example:3128", proxyFor(p, "https", "mirror.example", 443), "the port must match");
        assertNull(proxyFor(p, "https", "192.168.1.7", 443));
        assertEquals("proxy.example:3128", proxyFor(p, "https", "notcorp.example", 443));
        assertNull(proxyFor(p, "https", "127.0.0.1", 5000), "loopback is never proxied");
        assertNull(proxyFor(p, "https", "localhost", 5000));
        assertNull(proxyFor(new RegistryProxies("", "proxy.example:3128", "*"), "https", "any.example", 443));
    }

    @Test
    void badProxyUrlsAreRefusedWhenConfigured() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new RegistryProxies("ftp://proxy.example", "", "")).getMessage().contains("ftp://proxy.example"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new RegistryProxies("", "http://user:pw@proxy.example:3128", "")).getMessage()
                .contains("credentials"));
    }
}
