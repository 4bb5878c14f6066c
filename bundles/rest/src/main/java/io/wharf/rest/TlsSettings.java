package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * dockerd's TLS options for TCP listeners: {@code tlscert}/{@code tlskey} (PEM) for the server, and with
 * {@code tlsverify} a {@code tlscacert} that client certificates must be signed by.
 */
record TlsSettings(boolean verifyClients, Path caCert, Path cert, Path key) {
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
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

    /** PKCS#8 PEM keys (what openssl 3 writes by default), RSA or EC. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        Matcher m = PEM_KEY.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new GeneralSecurityException(pem + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException("unsupported key type in " + pem);
    }
}
