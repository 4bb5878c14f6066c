package io.wharf.imagestore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ContainerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Dockerfile instructions {@code docker import --change} and {@code docker commit --change} accept (CMD,
 * ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), in JSON and shell
 * form, applied to a container configuration as Docker's BuildFromConfig does.
 */
public final class DockerfileChanges {
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
                int sp = indexOfSpace(trimmed);
                String instruction = (sp < 0 ? trimmed : trimmed.substring(0, sp)).toLowerCase(Locale.ROOT);
                String rest = sp < 0 ? "" : trimmed.substring(sp).strip();
                switch (instruction) {
                    case "cmd" -> {
                        c = c.withCmd(commandForm(rest));
                        cmdSet = true;
                    }
                    case "entrypoint" -> {
                        c = c.withEntrypoint(rest.isEmpty() ? null : commandForm(rest));
                        if (!cmdSet) {
                            c = c.withCmd(null);
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
                    case "volume" -> {
                        Map<String, Map<String, Object>> volumes = c.volumes() == null ? new TreeMap<>()
                                : new TreeMap<>(c.volumes());
                        List<String> list = rest.startsWith("[") ? jsonArray(rest) : words(rest);
                        if (list == null || list.isEmpty()) {
                            throw EngineException.invalid("VOLUME requires at least one argument");
                        }
                        for (String v : list) {
                            if (v.isBlank()) {
                                throw EngineException.invalid("VOLUME specified can not be an empty string");
                            }
                            volumes.put(v, Map.of());
                        }
                        c = c.withVolumes(volumes);
                    }
                    case "user" -> c = c.withUser(requireOne("USER", rest));
                    case "workdir" -> {
                        String dir = requireOne("WORKDIR", rest);
                        if (!dir.startsWith("/")) {
                            String current = c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir();
                            dir = current.endsWith("/") ? current + dir : current + "/" + dir;
                        }
                        c = c.withWorkingDir(dir);
                    }
                    case "stopsignal" -> c = c.withStopSignal(requireOne("STOPSIGNAL", rest));
                    case "onbuild" -> {
                        if (rest.isEmpty()) {
                            throw EngineException.invalid("ONBUILD requires at least one argument");
                        }
                        int s = indexOfSpace(rest);
                        String trigger = (s < 0 ? rest : rest.substring(0, s)).toUpperCase(Locale.ROOT);
                        if (trigger.equals("ONBUILD") || trigger.equals("FROM") || trigger.equals("MAINTAINER")) {
                            throw EngineException.invalid("%s isn't allowed as an ONBUILD trigger", trigger);
                        }
                        List<String> onBuild = c.onBuild() == null ? new ArrayList<>() : new ArrayList<>(c.onBuild());
                        onBuild.add(trigger + (s < 0 ? "" : rest.substring(s)));
                        c = c.withOnBuild(onBuild);
                    }
                    case "healthcheck" -> c = c.withHealthcheck(healthcheck(rest));
                    default -> throw EngineException.invalid("%s is not a valid change command",
                            sp < 0 ? trimmed : trimmed.substring(0, sp));
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

    private static String requireOne(String instruction, String rest) {
        if (rest.isEmpty()) {
            throw EngineException.invalid("%s requires exactly one argument", instruction);
        }
        return words(rest).get(0);
    }

    private static List<String> commandForm(String rest) {
        if (rest.startsWith("[")) {
            List<String> json = jsonArray(rest);
            if (json != null) {
                return json;
            }
        }
        if (rest.isEmpty()) {
            throw EngineException.invalid("CMD and ENTRYPOINT require at least one argument");
        }
        return List.of("/bin/sh", "-c", rest);
    }

    private static List<String> jsonArray(String text) {
        try {
            return Json.MAPPER.readValue(text, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            return null;
        }
    }

    /** KEY=VALUE pairs with Dockerfile quoting, or the legacy {@code KEY value with spaces} form. */
    static Map<String, String> pairs(String instruction, String rest) {
        Map<String, String> result = new LinkedHashMap<>();
        if (rest.isEmpty()) {
            throw EngineException.invalid("%s requires at least one argument", instruction);
        }
        List<String> words = words(rest);
        if (!words.get(0).contains("=")) {
            int s = indexOfSpace(rest);
            if (s < 0) {
                throw EngineException.invalid("%s must have two arguments", instruction);
            }
            result.put(words.get(0), unquote(rest.substring(s).strip()));
            return result;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw EngineException.invalid("Syntax error - can't find = in \"%s\". Must be of the form: name=value",
                        w);
            }
            result.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return result;
    }

    private static String unquote(String s) {
        List<String> w = words(s);
        return w.size() == 1 ? w.get(0) : s;
    }

    /** Splits on blanks, honouring single quotes, double quotes and backslash escapes (removed). */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (ch == '\\' && quote != '\'' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (quote == 0 && (ch == '"' || ch == '\'')) {
                quote = ch;
            } else if (ch == quote) {
                quote = 0;
            } else {
                cur.append(ch);
            }
        }
        if (quote != 0) {
            throw EngineException.invalid("unmatched quote in \"%s\"", s);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    private static List<String> env(List<String> current, Map<String, String> set) {
        List<String> env = current == null ? new ArrayList<>() : new ArrayList<>(current);
        set.forEach((k, v) -> {
            env.removeIf(e -> e.equals(k) || e.startsWith(k + "="));
            env.add(k + "=" + v);
        });
        return env;
    }

    private static Map<String, Map<String, Object>> expose(Map<String, Map<String, Object>> current, String rest) {
        Map<String, Map<String, Object>> ports = current == null ? new TreeMap<>() : new TreeMap<>(current);
        List<String> words = words(rest);
        if (words.isEmpty()) {
            throw EngineException.invalid("EXPOSE requires at least one argument");
        }
        for (String w : words) {
            String proto = "tcp";
            String port = w;
            int slash = w.indexOf('/');
            if (slash >= 0) {
                proto = w.substring(slash + 1).toLowerCase(Locale.ROOT);
                port = w.substring(0, slash);
            }
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw EngineException.invalid("invalid proto: %s", proto);
            }
            int dash = port.indexOf('-');
            try {
                int start = Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
                int end = dash < 0 ? start : Integer.parseInt(port.substring(dash + 1));
                if (start < 0 || end > 65535 || end < start) {
                    throw new NumberFormatException();
                }
                for (int p = start; p <= end; p++) {
                    ports.put(p + "/" + proto, Map.of());
                }
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid containerPort: %s", port);
            }
        }
        return ports;
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
            int s = indexOfSpace(remaining);
            String flag = s < 0 ? remaining : remaining.substring(0, s);
            remaining = s < 0 ? "" : remaining.substring(s).strip();
            int eq = flag.indexOf('=');
            if (eq < 0) {
                throw EngineException.invalid("HEALTHCHECK flag %s needs a value", flag);
            }
            String name = flag.substring(2, eq);
            String value = flag.substring(eq + 1);
            switch (name) {
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
                default -> throw EngineException.invalid("unknown flag: --%s", name);
            }
        }
        int s = indexOfSpace(remaining);
        String type = (s < 0 ? remaining : remaining.substring(0, s)).toUpperCase(Locale.ROOT);
        if (!type.equals("CMD")) {
            throw EngineException.invalid("Unknown type \"%s\" in HEALTHCHECK (try CMD)", type);
        }
        String cmd = s < 0 ? "" : remaining.substring(s).strip();
        List<String> test;
        List<String> json = cmd.startsWith("[") ? jsonArray(cmd) : null;
        if (json != null) {
            test = new ArrayList<>();
            test.add("CMD");
            test.addAll(json);
        } else {
            if (cmd.isEmpty()) {
                throw EngineException.invalid("Missing command after HEALTHCHECK CMD");
            }
            test = List.of("CMD-SHELL", cmd);
        }
        return new ContainerConfig.Healthcheck(test, interval, timeout, startPeriod, startInterval, retries);
    }

    private static long duration(String value) {
        Duration d = Times.parseGoDuration(value);
        if (d == null || d.isNegative()) {
            throw EngineException.invalid("invalid duration: %s", value);
        }
        return d.toNanos();
    }
}
