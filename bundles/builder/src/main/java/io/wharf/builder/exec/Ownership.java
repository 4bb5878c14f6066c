package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import java.nio.charset.StandardCharsets;

/** {@code --chown=user[:group]}: numbers as they are, names looked up in the image's /etc/passwd and /etc/group. */
final class Ownership {
    private Ownership() {
    }

    static RootfsWriter.Owner resolve(String chown, byte[] passwd, byte[] group) {
        String[] parts = chown.split(":", 2);
        int uid = id(parts[0], passwd, "user");
        // Docker's documented rule: a user without group gets the user's number as group number too
        int gid = parts.length > 1 ? id(parts[1], group, "group") : uid;
        return new RootfsWriter.Owner(uid, gid);
    }

    private static int id(String name, byte[] file, String what) {
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(name);
        }
        String[] fields = find(name, file);
        if (fields == null) {
            throw EngineException.invalid("unable to convert uid/gid chown string to host mapping: can't find "
                    + "uid for %s name %s", what, name);
        }
        return Integer.parseInt(fields[2]);
    }

    private static String[] find(String name, byte[] file) {
        if (file == null) {
            return null;
        }
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.split(":");
            if (fields.length >= 3 && fields[0].equals(name) && fields[2].chars().allMatch(Character::isDigit)
                    && !fields[2].isEmpty()) {
                return fields;
            }
        }
        return null;
    }
}
