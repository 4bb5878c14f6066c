package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenSslSha256Test {
    @AfterEach
    void removeProvider() {
        OpenSslSha256.uninstall();
    }

    @Test
    void sameDigestsAsTheJdkForEveryKindOfUpdate() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256", "SUN");
        OpenSslSha256 openssl = new OpenSslSha256();
        for (int len : new int[] {0, 1, 55, 64, 65_536, 65_537, 300_000}) {
            jdk.update(data, 0, len);
            openssl.engineUpdate(data, 0, len);
            assertArrayEquals(jdk.digest(), openssl.engineDigest(), "length " + len);
        }
        jdk.update((byte) 7);
        jdk.update(data, 13, 100_000);
        openssl.engineUpdate((byte) 7);
        openssl.engineUpdate(data, 13, 100_000);
        assertArrayEquals(jdk.digest(), openssl.engineDigest());
    }

    @Test
    void installedProviderServesMessageDigestGetInstance() throws Exception {
        assertTrue(OpenSslSha256.install(), "libcrypto is on every Debian host");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        assertEquals("WharfOpenSSL", md.getProvider().getName());
        assertArrayEquals(MessageDigest.getInstance("SHA-256", "SUN").digest("abc".getBytes()), md.digest("abc".getBytes()));
    }
}
