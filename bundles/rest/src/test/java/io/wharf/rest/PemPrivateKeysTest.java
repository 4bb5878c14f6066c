package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys written by openssl in each PEM form, read back and checked against the same key in PKCS#8. */
class PemPrivateKeysTest {
    @TempDir
    Path dir;

    @Test
    void readsPkcs1RsaKeysAsTheSameKeyAsTheirPkcs8Form() throws Exception {
        openssl("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "rsa1.pem", "-out", "rsa8.pem");
        String pkcs1 = Files.readString(dir.resolve("rsa1.pem"));
        assertTrue(pkcs1.contains("BEGIN RSA PRIVATE KEY"), pkcs1);
        PrivateKey traditional = read("rsa1.pem");
        assertTrue(traditional instanceof RSAPrivateCrtKey, traditional.getClass().getName());
        assertArrayEquals(read("rsa8.pem").getEncoded(), traditional.getEncoded());
    }

    @Test
    void readsSec1EcKeysWithTheirParametersBlockOnEveryCurve() throws Exception {
        for (String curve : List.of("prime256v1", "secp384r1", "secp521r1")) {
            openssl("ecparam", "-name", curve, "-genkey", "-out", curve + ".pem");
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", curve + ".pem", "-out", curve + "-8.pem");
            String sec1 = Files.readString(dir.resolve(curve + ".pem"));
            assertTrue(sec1.contains("BEGIN EC PARAMETERS") && sec1.contains("BEGIN EC PRIVATE KEY"), sec1);
            ECPrivateKey key = (ECPrivateKey) read(curve + ".pem");
            ECPrivateKey pkcs8 = (ECPrivateKey) read(curve + "-8.pem");
            assertEquals(pkcs8.getS(), key.getS(), curve);
            assertEquals(pkcs8.getParams().getCurve(), key.getParams().getCurve(), curve);
        }
    }

    @Test
    void readsSec1KeysWithoutThePublicKey() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem");
        openssl("ec", "-in", "ec.pem", "-no_public", "-out", "ec-nopub.pem");
        assertEquals(((ECPrivateKey) read("ec.pem")).getS(), ((ECPrivateKey) read("ec-nopub.pem")).getS());
    }

    @Test
    void readsPkcs8KeysOfEachAlgorithm() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-out", "rsa.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem");
        openssl("genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
        assertEquals("RSA", read("rsa.pem").getAlgorithm());
        assertEquals("EC", read("ec.pem").getAlgorithm());
        assertTrue(read("ed.pem").getAlgorithm().matches("Ed25519|EdDSA"), read("ed.pem").getAlgorithm());
    }

    @Test
    void refusesEncryptedKeysAndTextWithoutAKey() throws Exception {
        openssl("genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "enc1.pem", "2048");
        openssl("genpkey", "-algorithm", "RSA", "-aes128", "-pass", "pass:secret", "-out", "enc8.pem");
        for (String file : List.of("enc1.pem", "enc8.pem")) {
            GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> read(file));
            assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
        }
        GeneralSecurityException none = assertThrows(GeneralSecurityException.class,
                () -> PemPrivateKeys.parse("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "x.pem"));
        assertTrue(none.getMessage().startsWith("x.pem holds no PEM private key"), none.getMessage());
        assertThrows(GeneralSecurityException.class, () -> PemPrivateKeys.parse(
                "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n", "short.pem"));
    }

    private PrivateKey read(String file) throws Exception {
        return PemPrivateKeys.parse(Files.readString(dir.resolve(file)), file);
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
    }
}
