package io.wharf.networks.ipam;

import io.wharf.support.Cidr6;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's ULA /48 (RFC 4193: fd00::/8 and a random 40-bit global ID), made at the first start and kept,
 * so networks get the same kind of prefix across restarts, as moby's one derived from its engine ID.
 */
public final class UlaPrefix {
    private static final Logger LOG = LoggerFactory.getLogger(UlaPrefix.class);

    private UlaPrefix() {
    }

    /** A new random /48 of fd00::/8. */
    public static Cidr6 random(Random random) {
        long globalId = random.nextLong() & 0xff_ffff_ffffL;
        BigInteger prefix = BigInteger.valueOf(0xfdL << 40 | globalId).shiftLeft(80);
        return new Cidr6(prefix, 48);
    }

    /** The stored prefix, or a new one written to {@code file}. */
    public static Cidr6 loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                Cidr6 stored = Cidr6.parse(text);
                if (stored.prefix() == 48 && new Cidr6(BigInteger.valueOf(0xfd).shiftLeft(120), 8).contains(stored)) {
                    return stored;
                }
            } catch (IllegalArgumentException e) {
                // replaced below
            }
            LOG.warn("{} holds no ULA /48 ({}); making a new one", file, text);
        }
        Cidr6 made = random(new SecureRandom());
        AtomicFiles.write(file, (made + "\n").getBytes(StandardCharsets.US_ASCII));
        return made;
    }
}
