package io.wharf.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ContainerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Dockerfile instructions {@code docker import --change} and {@code docker commit --change} accept (Docker's
 * BuildFromConfig: CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), in
 * JSON and shell form, applied one after the other to a container configuration.
 */
public final class DockerfileChanges {
    /** Made on first use: jackson-databind's bootstrap is not free. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    private DockerfileChanges() {
    }

    public static ContainerConfig apply(List<String> changes, ContainerConfig base) {
        ContainerConfig c = base == null ? ContainerConfig.empty() : base;
        if (changes == null) {
            return c;
        }
        boolean cmdSet = false;
        for (String change : changes) {
            if (change == null) {
                continue;
            }
            for (String line : change.split("\\r?\\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int space = indexOfSpace(trimmed);
                String keyword = space < 0 ? trimmed : trimmed.substring(0, space);
                String rest = space < 0 ? "" : trimmed.substring(space).strip();
                switch (keyword.toLowerCase(Locale.ROOT)) {
                    case "cmd" -> {
                        c = c.withCmd(commandForm("CMD", rest));
                        cmdSet = true;
                    }
                    case "entrypoint" -> {
                        c = c.withEntrypoint(commandForm("ENTRYPOINT", rest));
                        if (!cmdSet) {
                            c = c.withCmd(null); // a new entrypoint drops the old default arguments
                        }
                    }
                    case "env" -> c = c.withEnv(env(c.env(), pairs("ENV", rest)));
                    case "label" -> {
                        Map<String, String> labels = c.labels() == null ? new LinkedHashMap<>()
                                : new LinkedHashMap<>(c.labels());
                        labels.putAll(pairs("LABEL", rest));
                        c = c.withLabels(labels);
                    }
                    case "expose" -> c = c.withExposedPorts(expose(c.exposedPorts(), rest));
                    case "volume" -> c = c.withVolumes(volumes(c.volumes(), rest));
                    case "user" -> c = c.withUser(one("USER", rest));
                    case "workdir" -> c = c.withWorkingDir(workdir(c.workingDir(), one("WORKDIR", rest)));
                    case "stopsignal" -> c = c.withStopSignal(one("STOPSIGNAL", rest));
                    case "onbuild" -> c = c.withOnBuild(onBuild(c.onBuild(), rest));
                    case "healthcheck" -> c = c.withHealthcheck(healthcheck(rest));
                    default -> throw EngineException.invalid("%s is not a valid change command", keyword);
                }
            }
        }
        return c;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String one(String instruction, String rest) {
        List<String> words = words(rest);
        if (words.size() != 1) {
            throw EngineException.invalid("%s requires exactly one argument", instruction);
        }
        return words.get(0);
    }

    /** JSON form when the text is a JSON array of strings, shell form otherwise. */
    private static List<String> commandForm(String instruction, String rest) {
        if (rest.startsWith("[")) {
            List<String> json = jsonArray(rest);
            if (json != null) {
                return json;
            }
        }
        if (rest.isEmpty()) {
            throw EngineException.invalid("%s requires at least one argument", instruction);
        }
        return List.of("/bin/sh", "-c", rest);
    }

    private static List<String> jsonArray(String text) {
        try {
            return Mapper.INSTANCE.readValue(text, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code KEY=VALUE ...} with quoting, or the legacy {@code KEY value with spaces}. */
    static Map<String, String> pairs(String instruction, String rest) {
        if (rest.isEmpty()) {
            throw EngineException.invalid("%s requires at least one argument", instruction);
        }
        Map<String, String> result = new LinkedHashMap<>();
        List<String> words = words(rest);
        if (!words.get(0).contains("=")) {
            int space = indexOfSpace(rest);
            if (space < 0) {
                throw EngineException.invalid("%s must have two arguments", instruction);
            }
            List<String> value = words(rest.substring(space).strip());
            result.put(words.get(0), value.size() == 1 ? value.get(0) : rest.substring(space).strip());
            return result;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw EngineException.invalid(
                        "Syntax error - can't find = in \"%s\". Must be of the form: name=value", word);
            }
            result.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return result;
    }

    /** Splits on blanks, honouring single and double quotes and backslash escapes. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (ch == '\\' && quote != '\'' && i + 1 < s.length()) {
                current.append(s.charAt(++i));
            } else if (quote == 0 && (ch == '"' || ch == '\'')) {
                quote = ch;
            } else if (ch == quote) {
                quote = 0;
            } else {
                current.append(ch);
            }
        }
        if (quote != 0) {
            throw EngineException.invalid("unmatched quote in \"%s\"", s);
        }
        if (inWord) {
            out.add(current.toString());
        }
        return out;
    }

    private static List<String> env(List<String> current, Map<String, String> set) {
        List<String> env = current == null ? new ArrayList<>() : new ArrayList<>(current);
        set.forEach((key, value) -> {
            boolean replaced = false;
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).equals(key) || env.get(i).startsWith(key + "=")) {
                    env.set(i, key + "=" + value);
                    replaced = true;
                }
            }
            if (!replaced) {
                env.add(key + "=" + value);
            }
        });
        return env;
    }

    private static Map<String, Map<String, Object>> expose(Map<String, Map<String, Object>> current, String rest) {
        Map<String, Map<String, Object>> ports = current == null ? new TreeMap<>() : new TreeMap<>(current);
        List<String> words = words(rest);
        if (words.isEmpty()) {
            throw EngineException.invalid("EXPOSE requires at least one argument");
        }
        for (String word : words) {
            int slash = word.indexOf('/');
            String proto = slash < 0 ? "tcp" : word.substring(slash + 1).toLowerCase(Locale.ROOT);
            String range = slash < 0 ? word : word.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw EngineException.invalid("invalid proto: %s", proto);
            }
            int dash = range.indexOf('-');
            try {
                int start = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int end = dash < 0 ? start : Integer.parseInt(range.substring(dash + 1));
                if (start < 0 || end > 65535 || end < start) {
                    throw new NumberFormatException();
                }
                for (int p = start; p <= end; p++) {
                    ports.put(p + "/" + proto, Map.of());
                }
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid containerPort: %s", range);
            }
        }
        return ports;
    }

    private static Map<String, Map<String, Object>> volumes(Map<String, Map<String, Object>> current, String rest) {
        Map<String, Map<String, Object>> volumes = current == null ? new TreeMap<>() : new TreeMap<>(current);
        List<String> list = rest.startsWith("[") ? jsonArray(rest) : words(rest);
        if (list == null || list.isEmpty()) {
            throw EngineException.invalid("VOLUME requires at least one argument");
        }
        for (String volume : list) {
            if (volume.isBlank()) {
                throw EngineException.invalid("VOLUME specified can not be an empty string");
            }
            volumes.put(volume, Map.of());
        }
        return volumes;
    }

    private static String workdir(String current, String dir) {
        if (dir.startsWith("/")) {
            return dir;
        }
        String base = current == null || current.isEmpty() ? "/" : current;
        return base.endsWith("/") ? base + dir : base + "/" + dir;
    }

    private static List<String> onBuild(List<String> current, String rest) {
        if (rest.isEmpty()) {
            throw EngineException.invalid("ONBUILD requires at least one argument");
        }
        int space = indexOfSpace(rest);
        String trigger = (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
        if (trigger.equals("ONBUILD")) {
            throw EngineException.invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        if (trigger.equals("FROM") || trigger.equals("MAINTAINER")) {
            throw EngineException.invalid("%s isn't allowed as an ONBUILD trigger", trigger);
        }
        List<String> triggers = current == null ? new ArrayList<>() : new ArrayList<>(current);
        triggers.add(trigger + (space < 0 ? "" : rest.substring(space)));
        return triggers;
    }

    private static ContainerConfig.Healthcheck healthcheck(String rest) {
        List<String> words = words(rest);
        if (words.isEmpty()) {
            throw EngineException.invalid("HEALTHCHECK requires an argument");
        }
        if (words.size() == 1 && words.get(0).equalsIgnoreCase("none")) {
            return new ContainerConfig.Healthcheck(List.of("NONE"), null, null, null, null, null);
        }
        Long interval = null;
        Long timeout = null;
        Long startPeriod = null;
        Long startInterval = null;
        Integer retries = null;
        String remaining = rest;
        while (remaining.startsWith("--")) {
            int space = indexOfSpace(remaining);
            String flag = space < 0 ? remaining : remaining.substring(0, space);
            remaining = space < 0 ? "" : remaining.substring(space).strip();
            int eq = flag.indexOf('=');
            if (eq < 0) {
                throw EngineException.invalid("HEALTHCHECK flag %s needs a value", flag);
            }
            String value = flag.substring(eq + 1);
            switch (flag.substring(2, eq)) {
                case "interval" -> interval = duration(value);
                case "timeout" -> timeout = duration(value);
                case "start-period" -> startPeriod = duration(value);
                case "start-interval" -> startInterval = duration(value);
                case "retries" -> {
                    try {
                        retries = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw EngineException.invalid("invalid --retries value: %s", value);
                    }
                }
                default -> throw EngineException.invalid("unknown flag: %s", flag.substring(0, eq));
            }
        }
        int space = indexOfSpace(remaining);
        String type = (space < 0 ? remaining : remaining.substring(0, space)).toUpperCase(Locale.ROOT);
        if (!type.equals("CMD")) {
            throw EngineException.invalid("Unknown type \"%s\" in HEALTHCHECK (try CMD)", type);
        }
        String command = space < 0 ? "" : remaining.substring(space).strip();
        List<String> json = command.startsWith("[") ? jsonArray(command) : null;
        List<String> test = new ArrayList<>();
        if (json != null) {
            test.add("CMD");
            test.addAll(json);
        } else if (command.isEmpty()) {
            throw EngineException.invalid("Missing command after HEALTHCHECK CMD");
        } else {
            test.add("CMD-SHELL");
            test.add(command);
        }
        return new ContainerConfig.Healthcheck(test, interval, timeout, startPeriod, startInterval, retries);
    }

    /** A Go duration such as {@code 30s} or {@code 1m30s}, in nanoseconds. */
    private static long duration(String value) {
        Long nanos = GoDuration.parseOrNull(value);
        if (nanos == null) {
            throw EngineException.invalid("time: invalid duration \"%s\"", value);
        }
        return nanos;
    }
}
