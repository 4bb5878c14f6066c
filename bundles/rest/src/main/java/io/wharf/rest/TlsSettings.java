package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * dockerd's TLS options for TCP listeners: {@code tlscert}/{@code tlskey} (PEM) for the server, and with
 * {@code tlsverify} a {@code tlscacert} that client certificates must be signed by.
 */
record TlsSettings(boolean verifyClients, Path caCert, Path cert, Path key) {
    private static final char[] NO_PASSWORD = new char[0];

    /** Null when TLS is not configured. */
    static TlsSettings of(Boolean tls, Boolean tlsVerify, String caCert, String cert, String key) {
        boolean verify = Boolean.TRUE.equals(tlsVerify);
        if (!verify && !Boolean.TRUE.equals(tls)) {
            return null;
        }
        if (cert == null || key == null) {
            throw EngineException.invalid("TLS needs tlscert and tlskey");
        }
        if (verify && caCert == null) {
            throw EngineException.invalid("tlsverify needs tlscacert to check client certificates against");
        }
        return new TlsSettings(verify, caCert == null ? null : Path.of(caCert), Path.of(cert), Path.of(key));
    }

    SslContextFactory.Server contextFactory() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<Certificate> chain = certificates(cert);
            keys.setKeyEntry("wharfd", privateKey(key), NO_PASSWORD, chain.toArray(new Certificate[0]));
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(keys);
            factory.setKeyStorePassword("");
            factory.setKeyManagerPassword("");
            if (caCert != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caCert)) {
                    trust.setCertificateEntry("ca" + i++, ca);
                }
                factory.setTrustStore(trust);
            }
            factory.setNeedClientAuth(verifyClients);
            factory.setIncludeProtocols("TLSv1.2", "TLSv1.3");
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw EngineException.invalid("cannot load TLS material: %s", e.getMessage());
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + pem);
            }
            return List.copyOf(certs);
        }
    }

    /** An unencrypted PEM key in any of the forms {@link PemPrivateKeys} reads. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        return PemPrivateKeys.parse(Files.readString(pem, StandardCharsets.US_ASCII), pem.toString());
    }
}
