package io.wharf.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.util.Map;

/**
 * SHA-256 computed by the host's OpenSSL (libcrypto), offered through a JCA provider. Image layers are hashed
 * two or three times on their way in (compressed, uncompressed); the JDK's SHA-256 is only fast once C2 has
 * compiled it, and wharfd runs C1-only for a quick start and a small footprint, so a pull spent most of its
 * time hashing. OpenSSL uses the CPU's SHA instructions from the first byte.
 */
public final class OpenSslSha256 extends MessageDigestSpi implements Cloneable {
    private static final int CHUNK = 64 * 1024;
    private static final Crypto CRYPTO = Crypto.load();

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final Pointer ctx;
    private final Memory chunk = new Memory(CHUNK);

    public OpenSslSha256() {
        Pointer p = CRYPTO.newContext();
        ctx = p;
        CLEANER.register(this, () -> CRYPTO.free(p)); // the native context goes with the digest object
    }

    /** Makes {@code MessageDigest.getInstance("SHA-256")} use OpenSSL when libcrypto is there; true if it is. */
    public static boolean install() {
        if (CRYPTO == null || Security.getProvider(OpenSslProvider.NAME) != null) {
            return CRYPTO != null;
        }
        Security.insertProviderAt(new OpenSslProvider(), 1);
        return true;
    }

    /** Undoes {@link #install()} (the bundle is stopping). */
    public static void uninstall() {
        Security.removeProvider(OpenSslProvider.NAME);
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            chunk.write(0, input, offset, n);
            CRYPTO.update(ctx, chunk, n);
            offset += n;
            len -= n;
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = CRYPTO.finish(ctx, chunk);
        CRYPTO.reset(ctx);
        return out;
    }

    @Override
    protected void engineReset() {
        CRYPTO.reset(ctx);
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        throw new CloneNotSupportedException("OpenSSL SHA-256 contexts are not cloned");
    }

    /** The provider registered with the JCA. */
    static final class OpenSslProvider extends Provider {
        static final String NAME = "WharfOpenSSL";
        private static final long serialVersionUID = 1L;

        OpenSslProvider() {
            super(NAME, "1.0", "SHA-256 from the host's OpenSSL libcrypto");
            putService(new Service(this, "MessageDigest", "SHA-256", OpenSslSha256.class.getName(), null,
                    Map.of()) {
                @Override
                public Object newInstance(Object parameter) {
                    return new OpenSslSha256();
                }
            });
        }
    }

    /** The few libcrypto calls needed, bound directly. */
    static final class Crypto {
        static Crypto load() {
            try {
                NativeLibrary lib = NativeLibrary.getInstance("crypto");
                Native.register(Crypto.class, lib);
                Crypto crypto = new Crypto();
                Pointer probe = crypto.newContext();
                crypto.free(probe);
                return crypto;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return null; // no libcrypto: the JDK's SHA-256 serves
            }
        }

        Pointer newContext() {
            Pointer p = EVP_MD_CTX_new();
            reset(p);
            return p;
        }

        void reset(Pointer ctx) {
            if (EVP_DigestInit_ex(ctx, EVP_sha256(), null) != 1) {
                throw new IllegalStateException("EVP_DigestInit_ex failed");
            }
        }

        void update(Pointer ctx, Pointer data, int len) {
            if (EVP_DigestUpdate(ctx, data, len) != 1) {
                throw new IllegalStateException("EVP_DigestUpdate failed");
            }
        }

        /**
         * The digest, written into {@code out} (the digest's own buffer, at least 64 bytes): a new native buffer
         * each time cost a Cleaner registration per digest, and a build context has a digest per file.
         */
        byte[] finish(Pointer ctx, Pointer out) {
            if (EVP_DigestFinal_ex(ctx, out, null) != 1) {
                throw new IllegalStateException("EVP_DigestFinal_ex failed");
            }
            return out.getByteArray(0, 32);
        }

        void free(Pointer ctx) {
            EVP_MD_CTX_free(ctx);
        }

        static native Pointer EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(Pointer ctx);

        static native Pointer EVP_sha256();

        static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        static native int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

        static native int EVP_DigestFinal_ex(Pointer ctx, Pointer md, Pointer size);
    }
}
