package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One joined Dockerfile line to an {@link Instruction}: the keyword, the flags, JSON or shell form, and the argument
 * shape of each instruction (moby's parser dispatch table), then {@link InstructionRules}' checks.
 */
final class InstructionParser {
    /** Every instruction Docker knows. */
    static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
            "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR");
    private static final Set<String> MAYBE_JSON = Set.of("CMD", "ENTRYPOINT", "RUN", "SHELL");
    private static final Set<String> MAYBE_JSON_LIST = Set.of("ADD", "COPY", "VOLUME");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");

    private final char escape;

    InstructionParser(char escape) {
        this.escape = escape;
    }

    /** The instruction a line holds (its here-documents are added by the caller, which reads their bodies). */
    Instruction parse(int line, String text) {
        String[] commandAndRest = InstructionArguments.WHITESPACE.split(text.strip(), 2);
        String command = commandAndRest[0];
        String keyword = keywordOf(command).orElseThrow(() -> unknown(command));
        BuilderFlags.Split split = BuilderFlags.extract(commandAndRest.length == 2 ? commandAndRest[1] : "");
        Map<String, String> flags = BuilderFlags.check(split.flags(), InstructionRules.flagsOf(keyword));
        String rest = split.rest().strip();
        Instruction instruction = switch (keyword) {
            case "ENV", "LABEL" -> shell(line, keyword, flags, InstructionRules.nameValues(keyword, rest, escape), text);
            case "ARG" -> shell(line, keyword, flags, InstructionArguments.quotedWords(rest, escape), text);
            case "HEALTHCHECK" -> healthcheck(line, flags, rest, text);
            case "ONBUILD" -> onbuild(line, flags, rest, text);
            default -> maybeJson(line, keyword, flags, rest, text);
        };
        InstructionRules.check(instruction);
        return instruction;
    }

    /**
     * The instruction a command word names, in upper case: compared lower-cased as moby does, so that Java's
     * upper-casing cannot turn a word Docker does not know ({@code ſhell}, long s) into a keyword.
     */
    static Optional<String> keywordOf(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (!lower.chars().allMatch(c -> c < 0x80)) {
            return Optional.empty();
        }
        String upper = lower.toUpperCase(Locale.ROOT);
        return KEYWORDS.contains(upper) ? Optional.of(upper) : Optional.empty();
    }

    /**
     * Docker's text names the word in upper case (a non-ASCII word as written: upper-casing could make it known);
     * dockerd 20.10 suggests nothing.
     */
    private static IllegalArgumentException unknown(String command) {
        boolean ascii = command.chars().allMatch(c -> c < 0x80);
        String shown = ascii ? command.toUpperCase(Locale.ROOT) : command;
        return new IllegalArgumentException("unknown instruction: " + shown);
    }

    private Instruction maybeJson(int line, String keyword, Map<String, String> flags, String rest, String text) {
        boolean json = MAYBE_JSON.contains(keyword) || MAYBE_JSON_LIST.contains(keyword);
        Optional<List<String>> array = json ? JsonForm.parse(rest) : Optional.empty();
        if (array.isPresent()) {
            return new Instruction(line, keyword, flags, array.get(), true, List.of(), text);
        }
        return shell(line, keyword, flags, rest.isEmpty() ? List.of() : List.of(rest), text);
    }

    /** {@code HEALTHCHECK [flags] CMD command|NONE}: args are the type, then the command (JSON or shell form). */
    private Instruction healthcheck(int line, Map<String, String> flags, String rest, String text) {
        String[] typeAndCommand = rest.split("\\s+", 2);
        if (rest.isEmpty()) {
            return shell(line, "HEALTHCHECK", flags, List.of(), text);
        }
        String command = typeAndCommand.length == 2 ? typeAndCommand[1] : "";
        List<String> args = new ArrayList<>();
        args.add(typeAndCommand[0]);
        Optional<List<String>> array = JsonForm.parse(command);
        array.ifPresentOrElse(args::addAll, () -> {
            if (!command.isEmpty()) {
                args.add(command);
            }
        });
        return new Instruction(line, "HEALTHCHECK", flags, List.copyOf(args), array.isPresent(), List.of(), text);
    }

    /**
     * {@code ONBUILD <instruction>}: the one arg is the trigger as the image records it; the trigger must itself
     * parse and may not be ONBUILD, FROM or MAINTAINER.
     */
    private Instruction onbuild(int line, Map<String, String> flags, String rest, String text) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("ONBUILD requires at least one argument");
        }
        String trigger = keywordOf(InstructionArguments.WHITESPACE.split(rest, 2)[0]).orElse("");
        switch (trigger) {
            case "ONBUILD" -> throw new IllegalArgumentException(
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new IllegalArgumentException(
                    trigger + " isn't allowed as an ONBUILD trigger");
            default -> parse(line, rest);
        }
        String expression = ONBUILD_PREFIX.matcher(text).replaceFirst("");
        return new Instruction(line, "ONBUILD", flags, List.of(expression), false, List.of(), text);
    }

    private static Instruction shell(int line, String keyword, Map<String, String> flags, List<String> args,
                                     String text) {
        return new Instruction(line, keyword, flags, List.copyOf(args), false, List.of(), text);
    }
}
