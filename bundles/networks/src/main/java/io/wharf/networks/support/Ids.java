package io.wharf.networks.support;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Docker-style identifiers: 64 random hex digits. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The 12-character short form Docker prints and the embedded DNS answers. */
    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
