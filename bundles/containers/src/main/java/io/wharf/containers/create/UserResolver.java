package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves {@code --user user[:group]} and {@code --group-add} against the container's /etc/passwd and
 * /etc/group, as runc's GetExecUser does: names must exist, numbers need not; the user's supplementary groups
 * apply only when no group was given.
 */
public final class UserResolver {
    private UserResolver() {
    }

    public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String home) {
    }

    private record PasswdEntry(String name, long uid, long gid, String home) {
    }

    private record GroupEntry(String name, long gid, List<String> members) {
    }

    public static ResolvedUser resolve(Path rootfs, String userSpec, List<String> groupAdd) throws IOException {
        List<PasswdEntry> passwd = parsePasswd(read(rootfs, "/etc/passwd"));
        List<GroupEntry> groups = parseGroup(read(rootfs, "/etc/group"));
        return resolve(passwd, groups, userSpec, groupAdd);
    }

    static ResolvedUser resolve(String passwdText, String groupText, String userSpec, List<String> groupAdd) {
        return resolve(parsePasswd(passwdText), parseGroup(groupText), userSpec, groupAdd);
    }

    private static ResolvedUser resolve(List<PasswdEntry> passwd, List<GroupEntry> groups, String userSpec,
                                        List<String> groupAdd) {
        String spec = userSpec == null ? "" : userSpec;
        String userPart = spec;
        String groupPart = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            userPart = spec.substring(0, colon);
            groupPart = spec.substring(colon + 1);
        }
        if (userPart.isEmpty()) {
            userPart = "0";
        }
        Long numericUid = parseId(userPart);
        PasswdEntry entry = null;
        for (PasswdEntry p : passwd) {
            if (p.name().equals(userPart) || numericUid != null && p.uid() == numericUid) {
                entry = p;
                break;
            }
        }
        if (entry == null && numericUid == null) {
            throw EngineException.invalid("unable to find user %s: no matching entries in passwd file", userPart);
        }
        long uid = entry != null ? entry.uid() : numericUid;
        long gid = entry != null ? entry.gid() : 0;
        String home = entry != null ? entry.home() : "/";
        Set<Long> additional = new LinkedHashSet<>();
        if (groupPart != null && !groupPart.isEmpty()) {
            gid = resolveGroup(groups, groupPart);
        } else if (entry != null) {
            for (GroupEntry g : groups) {
                if (g.members().contains(entry.name())) {
                    additional.add(g.gid());
                }
            }
        }
        if (groupAdd != null) {
            for (String g : groupAdd) {
                additional.add(resolveGroup(groups, g));
            }
        }
        return new ResolvedUser(uid, gid, new ArrayList<>(additional), home);
    }

    private static long resolveGroup(List<GroupEntry> groups, String group) {
        Long numeric = parseId(group);
        for (GroupEntry g : groups) {
            if (g.name().equals(group) || numeric != null && g.gid() == numeric) {
                return g.gid();
            }
        }
        if (numeric == null) {
            throw EngineException.invalid("unable to find group %s: no matching entries in group file", group);
        }
        return numeric;
    }

    private static Long parseId(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            long v = Long.parseLong(s);
            if (v > 0xFFFFFFFEL) {
                throw EngineException.invalid("uids and gids must be in range 0-4294967294");
            }
            return v;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("uids and gids must be in range 0-4294967294");
        }
    }

    private static String read(Path rootfs, String file) throws IOException {
        return RootfsFiles.read(rootfs, file).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    private static List<PasswdEntry> parsePasswd(String text) {
        List<PasswdEntry> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", -1);
            if (f.length < 4) {
                continue;
            }
            Long uid = parseIdQuietly(f[2]);
            Long gid = parseIdQuietly(f[3]);
            if (uid == null || gid == null) {
                continue;
            }
            result.add(new PasswdEntry(f[0], uid, gid, f.length > 5 && !f[5].isEmpty() ? f[5] : "/"));
        }
        return result;
    }

    private static List<GroupEntry> parseGroup(String text) {
        List<GroupEntry> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", -1);
            if (f.length < 3) {
                continue;
            }
            Long gid = parseIdQuietly(f[2]);
            if (gid == null) {
                continue;
            }
            List<String> members = new ArrayList<>();
            if (f.length > 3 && !f[3].isEmpty()) {
                for (String m : f[3].split(",")) {
                    members.add(m.trim());
                }
            }
            result.add(new GroupEntry(f[0], gid, members));
        }
        return result;
    }

    private static Long parseIdQuietly(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
