package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * SELinux process and mount labels for a container, as go-selinux's InitLabels makes them on SELinux hosts: the
 * policy's container contexts (lxc_contexts) with a random MCS level of two categories, then the
 * {@code label=} options ({@code user:}, {@code role:}, {@code type:}, {@code level:}, {@code filetype:},
 * {@code disable}).
 */
final class SelinuxLabels {
    private static final Set<String> KEYS = Set.of("user", "role", "type", "level", "filetype");
    private static final Random RANDOM = new SecureRandom();

    /** Both labels; empty strings for none. */
    record Labels(String process, String mount) {
        static final Labels NONE = new Labels("", "");
    }

    private SelinuxLabels() {
    }

    /** Checks the options' form, with go-selinux's messages. */
    static void validate(List<String> options) {
        for (String opt : options) {
            if (opt.equals("disable")) {
                continue;
            }
            int colon = opt.indexOf(':');
            if (colon < 0) {
                throw EngineException.invalid("Bad label option %s, valid options 'disable' or \n'user, role, level, "
                        + "type, filetype' followed by ':' and a value", SecurityOptions.quote(opt));
            }
            if (!KEYS.contains(opt.substring(0, colon))) {
                throw EngineException.invalid("Bad label option %s, valid options 'disable, user, role, level, "
                        + "type, filetype'", SecurityOptions.quote(opt.substring(0, colon)));
            }
        }
    }

    /** The labels on this host, whose policy lives under {@code /etc/selinux}. */
    static Labels of(List<String> options) {
        return of(options, Path.of("/etc/selinux"), RANDOM);
    }

    static Labels of(List<String> options, Path selinuxDir, Random random) {
        validate(options);
        if (options.contains("disable")) {
            return Labels.NONE;
        }
        Map<String, String> contexts = containerContexts(selinuxDir);
        String level = "s0:" + categories(random);
        Map<String, String> process = context(contexts.get("process"), level);
        Map<String, String> mount = context(contexts.get("file"), level);
        for (String opt : options) {
            String key = opt.substring(0, opt.indexOf(':'));
            String value = opt.substring(opt.indexOf(':') + 1);
            if (key.equals("filetype")) {
                mount.put("type", value);
                continue;
            }
            process.put(key, value);
            if (key.equals("level") || key.equals("user")) {
                mount.put(key, value);
            }
        }
        return new Labels(String.join(":", process.values()), String.join(":", mount.values()));
    }

    /** Two different categories, lower first: {@code c12,c803}. */
    private static String categories(Random random) {
        int a = random.nextInt(1024);
        int b;
        do {
            b = random.nextInt(1024);
        } while (b == a);
        return "c" + Math.min(a, b) + ",c" + Math.max(a, b);
    }

    /** user:role:type:level, the level taking the rest (it has colons of its own). */
    private static Map<String, String> context(String label, String level) {
        String[] parts = label.split(":", 4);
        if (parts.length < 3) {
            throw EngineException.system("invalid SELinux context in the policy: " + label, null);
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("user", parts[0]);
        context.put("role", parts[1]);
        context.put("type", parts[2]);
        context.put("level", level);
        return context;
    }

    /** The policy's {@code contexts/lxc_contexts}: {@code process = "..."} and {@code file = "..."}. */
    private static Map<String, String> containerContexts(Path selinuxDir) {
        try {
            String type = "targeted";
            for (String line : Files.readAllLines(selinuxDir.resolve("config"))) {
                if (line.strip().startsWith("SELINUXTYPE=")) {
                    type = line.strip().substring("SELINUXTYPE=".length()).strip();
                }
            }
            Map<String, String> contexts = new LinkedHashMap<>();
            for (String line : Files.readAllLines(selinuxDir.resolve(type).resolve("contexts/lxc_contexts"))) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.strip().startsWith("#")) {
                    contexts.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replace("\"", ""));
                }
            }
            if (!contexts.containsKey("process") || !contexts.containsKey("file")) {
                throw new IOException("no process or file context in lxc_contexts");
            }
            return contexts;
        } catch (IOException e) {
            throw EngineException.system("cannot read the SELinux policy's container contexts under " + selinuxDir
                    + ": " + e.getMessage(), e);
        }
    }
}
