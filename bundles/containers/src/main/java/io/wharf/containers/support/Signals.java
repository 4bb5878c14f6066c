package io.wharf.containers.support;

import io.wharf.api.errors.EngineException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers (x86_64/arm64 numbering), parsed as Docker's signal.ParseSignal does. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        String[] names = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
            "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 0; i < names.length; i++) {
            BY_NAME.put(names[i], i + 1);
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("CLD", 17);
        BY_NAME.put("RTMIN", 34);
        for (int i = 1; i <= 15; i++) {
            BY_NAME.put("RTMIN+" + i, 34 + i);
            BY_NAME.put("RTMAX-" + i, 64 - i);
        }
        BY_NAME.put("RTMAX", 64);
    }

    private Signals() {
    }

    /** {@code KILL}, {@code SIGKILL}, {@code kill} or {@code 9}; 400 "Invalid signal: X" otherwise. */
    public static int parse(String text) {
        if (text == null || text.isBlank()) {
            throw EngineException.invalid("Invalid signal: %s", text);
        }
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw EngineException.invalid("Invalid signal: %s", text);
            }
            if (n <= 0 || n > 64) {
                throw EngineException.invalid("Invalid signal: %s", text);
            }
            return n;
        }
        String name = t.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        Integer n = BY_NAME.get(name);
        if (n == null) {
            throw EngineException.invalid("Invalid signal: %s", text);
        }
        return n;
    }

    /** The signal a stop sends: the container's StopSignal, SIGTERM by default. */
    public static int stopSignal(String configured) {
        if (configured == null || configured.isEmpty()) {
            return SIGTERM;
        }
        try {
            return parse(configured);
        } catch (EngineException e) {
            return SIGTERM;
        }
    }
}
