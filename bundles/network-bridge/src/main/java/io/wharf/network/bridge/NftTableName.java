package io.wharf.network.bridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The nftables table a daemon owns alone. The default exec root gets {@code wharf}; any other one (a test daemon,
 * a second daemon) gets {@code wharf_} + 8 hex characters of its path's SHA-256, so that it never rewrites the
 * table of the main daemon.
 */
final class NftTableName {
    static final Path DEFAULT_EXEC_ROOT = Path.of("/run/wharf");

    private NftTableName() {
    }

    static String forExecRoot(Path execRoot) {
        if (execRoot.normalize().equals(DEFAULT_EXEC_ROOT)) {
            return "wharf";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(execRoot.toString().getBytes(StandardCharsets.UTF_8));
            return "wharf_" + HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
