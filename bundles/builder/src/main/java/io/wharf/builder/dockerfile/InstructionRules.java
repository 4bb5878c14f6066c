package io.wharf.builder.dockerfile;

import io.wharf.support.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What each instruction accepts, checked before anything runs, with BuildKit's error texts
 * ({@code COPY requires at least two arguments, but only one was provided. Destination could not be determined}).
 */
final class InstructionRules {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final long MINIMUM_INTERVAL_NANOS = 1_000_000L;
    private static final List<String> GO_UNITS = List.of("ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h");

    private InstructionRules() {
    }

    static BuilderFlags.Allowed flagsOf(String keyword) {
        return switch (keyword) {
            case "FROM" -> new BuilderFlags.Allowed(List.of("platform"), List.of());
            case "COPY" -> new BuilderFlags.Allowed(List.of("from", "chown", "chmod"), List.of("link"));
            case "ADD" -> new BuilderFlags.Allowed(List.of("chown", "chmod"), List.of("link"));
            case "RUN" -> new BuilderFlags.Allowed(List.of("network", "mount", "security"), List.of());
            case "HEALTHCHECK" -> new BuilderFlags.Allowed(
                    List.of("interval", "timeout", "start-period", "start-interval", "retries"), List.of());
            default -> BuilderFlags.Allowed.NONE;
        };
    }

    /**
     * moby's {@code parseNameVal} for {@code ENV} and {@code LABEL}: {@code k v} (the rest of the line is the value)
     * or {@code k=v k2="v 2"}; the result alternates keys and values, quotes kept.
     */
    static List<String> nameValues(String keyword, String rest, char escape) {
        List<String> words = InstructionArguments.quotedWords(rest, escape);
        if (words.isEmpty()) {
            throw new IllegalArgumentException(keyword + " requires at least one argument");
        }
        List<String> pairs = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            String[] parts = InstructionArguments.WHITESPACE.split(rest, 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException(keyword + " must have two arguments");
            }
            pairs.add(parts[0]);
            pairs.add(parts[1]);
            return pairs;
        }
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            if (equals == 0) {
                throw new IllegalArgumentException(keyword + " names can not be blank");
            }
            pairs.add(word.substring(0, equals));
            pairs.add(word.substring(equals + 1));
        }
        return pairs;
    }

    static void check(Instruction instruction) {
        String keyword = instruction.keyword();
        List<String> args = instruction.args();
        switch (keyword) {
            case "FROM" -> checkFrom(instruction.words());
            case "ARG" -> {
                atLeastOne(keyword, args);
                for (String word : args) {
                    if (word.startsWith("=")) {
                        throw new IllegalArgumentException("ARG names can not be blank");
                    }
                }
            }
            case "COPY", "ADD" -> checkSourcesAndDestination(keyword, instruction.words());
            case "EXPOSE" -> atLeastOne(keyword, instruction.words());
            case "VOLUME" -> {
                atLeastOne(keyword, instruction.words());
                if (instruction.words().stream().anyMatch(String::isBlank)) {
                    throw new IllegalArgumentException("VOLUME specified can not be an empty string");
                }
            }
            case "USER", "WORKDIR", "STOPSIGNAL", "MAINTAINER" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException(keyword + " requires exactly one argument");
                }
            }
            case "SHELL" -> {
                atLeastOne(keyword, args);
                if (!instruction.jsonForm()) {
                    throw new IllegalArgumentException("SHELL requires the arguments to be in JSON form");
                }
            }
            case "RUN" -> checkRun(instruction);
            case "HEALTHCHECK" -> checkHealthcheck(instruction);
            default -> {
                // CMD and ENTRYPOINT take anything, even nothing; ENV, LABEL and ONBUILD were checked while parsed
            }
        }
    }

    private static void atLeastOne(String keyword, List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(keyword + " requires at least one argument");
        }
    }

    private static void checkFrom(List<String> words) {
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("as")) {
            String name = words.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid name for build stage: \"" + words.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
        } else if (words.size() != 1) {
            throw new IllegalArgumentException("FROM requires either one or three arguments");
        }
    }

    private static void checkSourcesAndDestination(String keyword, List<String> words) {
        if (words.size() < 2) {
            throw new IllegalArgumentException(keyword + " requires at least two arguments, but only one was "
                    + "provided. Destination could not be determined");
        }
        if (Heredocs.marker(words.get(words.size() - 1)).isPresent()) {
            throw new IllegalArgumentException(keyword + " cannot accept a heredoc as a destination");
        }
    }

    /** {@code RUN --network} as BuildKit takes it; {@code --mount} and {@code --security} need BuildKit itself. */
    private static void checkRun(Instruction run) {
        for (String flag : List.of("mount", "security")) {
            if (run.flags().containsKey(flag)) {
                throw new IllegalArgumentException("RUN --" + flag + " is not supported by this builder (Wharf "
                        + "builds like Docker's classic builder; BuildKit is needed for --" + flag + ")");
            }
        }
        String network = run.flags().get("network");
        if (network != null && !List.of("default", "none", "host").contains(network)) {
            throw new IllegalArgumentException("unsupported network mode \"" + network + "\"");
        }
    }

    private static void checkHealthcheck(Instruction healthcheck) {
        List<String> args = healthcheck.args();
        atLeastOne("HEALTHCHECK", args);
        String type = args.get(0).toUpperCase(Locale.ROOT);
        if (type.equals("NONE")) {
            if (args.size() != 1) {
                throw new IllegalArgumentException("HEALTHCHECK NONE takes no arguments");
            }
            return;
        }
        if (!type.equals("CMD")) {
            throw new IllegalArgumentException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        if (args.size() < 2) {
            throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
        }
        for (String flag : List.of("interval", "timeout", "start-period", "start-interval")) {
            interval(healthcheck, flag);
        }
        retries(healthcheck);
    }

    /** A {@code HEALTHCHECK} duration flag in nanoseconds, 0 when not given (Docker's default applies). */
    static long interval(Instruction healthcheck, String flag) {
        String value = healthcheck.flags().getOrDefault(flag, "");
        if (value.isEmpty() || value.equals("0")) {
            return 0;
        }
        Long nanos = GoDuration.parseOrNull(value);
        if (nanos == null) {
            throw new IllegalArgumentException(durationError(value));
        }
        if (nanos != 0 && nanos < MINIMUM_INTERVAL_NANOS) {
            throw new IllegalArgumentException("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return nanos;
    }

    /** Go's {@code time.ParseDuration} error texts, which Docker passes on: its scan, for the text only. */
    private static String durationError(String value) {
        String rest = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        int i = 0;
        while (i < rest.length()) {
            int numberStart = i;
            while (i < rest.length() && (Character.isDigit(rest.charAt(i)) && rest.charAt(i) < 0x80
                    || rest.charAt(i) == '.')) {
                i++;
            }
            if (i == numberStart || rest.substring(numberStart, i).equals(".")) {
                break;
            }
            int unitStart = i;
            while (i < rest.length() && rest.charAt(i) != '.' && !(rest.charAt(i) >= '0' && rest.charAt(i) <= '9')) {
                i++;
            }
            String unit = rest.substring(unitStart, i);
            if (unit.isEmpty()) {
                return "time: missing unit in duration \"" + value + "\"";
            }
            if (!GO_UNITS.contains(unit)) {
                return "time: unknown unit \"" + unit + "\" in duration \"" + value + "\"";
            }
        }
        return "time: invalid duration \"" + value + "\"";
    }

    /** {@code HEALTHCHECK --retries}, 0 when not given. */
    static int retries(Instruction healthcheck) {
        String value = healthcheck.flags().getOrDefault("retries", "");
        if (value.isEmpty()) {
            return 0;
        }
        long retries;
        try {
            retries = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
        if (retries < 1) {
            throw new IllegalArgumentException("--retries must be at least 1 (not " + retries + ")");
        }
        if (retries > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + value + "\": value out of range");
        }
        return (int) retries;
    }
}
