package io.wharf.registry.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token server for the registry's token auth, in the JDK's HTTP server: it issues RS256 JWTs signed with a key
 * whose certificate (made with openssl) the registry trusts through {@code rootcertbundle}; the certificate rides
 * in the JWT's x5c header. User {@value #USER} with password {@value #PASSWORD} gets what it asks for; anonymous
 * callers get pull access to {@code public/*} only; wrong passwords get 401.
 */
public final class TokenServer implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "wonderland";
    public static final String SERVICE = "wharf-test-registry";
    public static final String ISSUER = "wharf-test-issuer";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Path certFile;
    public final AtomicInteger requests = new AtomicInteger();
    public final List<String> scopesAsked = java.util.Collections.synchronizedList(new ArrayList<>());

    public TokenServer(Path dir) throws Exception {
        Path keyFile = dir.resolve("token.key");
        certFile = dir.resolve("token.crt");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyFile.toString(), "-out", certFile.toString(), "-days", "2", "-subj", "/CN=wharf-token")
                .redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (openssl.waitFor() != 0) {
            throw new IOException("openssl failed: " + out);
        }
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        try (var in = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The registry's auth section for this server. */
    public String registryAuthYaml() {
        return "auth:\n  token:\n    realm: " + realm() + "\n    service: " + SERVICE + "\n    issuer: " + ISSUER
                + "\n    rootcertbundle: " + certFile + "\n";
    }

    private void token(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String user = null;
            String authz = ex.getRequestHeaders().getFirst("Authorization");
            if (authz != null && authz.startsWith("Basic ")) {
                String[] pair = new String(Base64.getDecoder().decode(authz.substring(6)), StandardCharsets.UTF_8)
                        .split(":", 2);
                if (!USER.equals(pair[0]) || !PASSWORD.equals(pair[1])) {
                    reply(ex, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED",
                            "message", "incorrect username or password"))));
                    return;
                }
                user = pair[0];
            }
            List<Map<String, Object>> access = new ArrayList<>();
            String query = ex.getRequestURI().getRawQuery();
            for (String param : query == null ? new String[0] : query.split("&")) {
                if (!param.startsWith("scope=")) {
                    continue;
                }
                String scope = URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8);
                scopesAsked.add(scope);
                String[] parts = scope.split(":");
                if (parts.length != 3 || !parts[0].equals("repository")) {
                    continue;
                }
                List<String> actions = new ArrayList<>();
                for (String a : parts[2].split(",")) {
                    if (user != null || (a.equals("pull") && parts[1].startsWith("public/"))) {
                        actions.add(a);
                    }
                }
                access.add(Map.of("type", "repository", "name", parts[1], "actions", actions));
            }
            reply(ex, 200, Map.of("token", jwt(user == null ? "" : user, access), "expires_in", 300,
                    "issued_at", Instant.now().toString()));
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String jwt(String subject, List<Map<String, Object>> access) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())));
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        String signingInput = b64.encodeToString(MAPPER.writeValueAsBytes(header)) + "."
                + b64.encodeToString(MAPPER.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
