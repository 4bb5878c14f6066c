package io.wharf.volume.local;

import io.wharf.api.errors.EngineException;
import io.wharf.support.FormatVersion;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Docker's rules for local volume names: they become directory names, so nothing may lead out of the root. */
final class VolumeNames {
    static final String ALLOWED_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    private static final Pattern VALID = Pattern.compile("^" + ALLOWED_CHARS + "+$");

    private VolumeNames() {
    }

    static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Throws INVALID_PARAMETER with dockerd's wording unless {@code name} is a safe child of {@code root}. */
    static void validate(String name, Path root) {
        if (name != null && name.length() == 1) {
            throw EngineException.invalid(
                    "volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!isValid(name)) {
            throw EngineException.invalid("%s includes invalid characters for a local volume name, only %s are "
                    + "allowed. If you intended to pass a host directory, use absolute path",
                    GoQuote.quote(String.valueOf(name)), GoQuote.quote(ALLOWED_CHARS));
        }
        if (FormatVersion.FILE_NAME.equals(name)) { // the folder's version file has that name
            throw EngineException.invalid("volume name %s is reserved", GoQuote.quote(name));
        }
        // The pattern already rules out separators; this guards the invariant the removal code relies on.
        Path resolved = root.resolve(name).normalize();
        if (!root.equals(resolved.getParent())) {
            throw EngineException.invalid("invalid volume name %s", GoQuote.quote(name));
        }
    }
}
