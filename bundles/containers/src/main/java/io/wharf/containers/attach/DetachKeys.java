package io.wharf.containers.attach;

import io.wharf.api.errors.EngineException;
import java.io.ByteArrayOutputStream;

/** Docker's detach key sequences ({@code ctrl-p,ctrl-q}, {@code a,ctrl-@}), as moby/term's ToBytes parses them. */
public final class DetachKeys {
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private DetachKeys() {
    }

    public static byte[] parse(String keys) {
        String spec = keys == null || keys.isEmpty() ? DEFAULT : keys;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : spec.split(",")) {
            String k = key.trim();
            if (k.length() > 1 && k.startsWith("ctrl-")) {
                String rest = k.substring(5);
                if (rest.length() != 1) {
                    throw invalid(spec);
                }
                char c = Character.toLowerCase(rest.charAt(0));
                if (c >= 'a' && c <= 'z') {
                    out.write(c - 'a' + 1);
                } else if (c == '@') {
                    out.write(0);
                } else if (c >= '[' && c <= '_') {
                    out.write(c - '[' + 27); // ctrl-[ 27, ctrl-\ 28, ctrl-] 29, ctrl-^ 30, ctrl-_ 31
                } else {
                    throw invalid(spec);
                }
            } else if (k.length() == 1) {
                out.write(k.charAt(0));
            } else {
                throw invalid(spec);
            }
        }
        return out.toByteArray();
    }

    private static EngineException invalid(String spec) {
        return EngineException.invalid("Invalid detach keys (%s) provided", spec);
    }
}
