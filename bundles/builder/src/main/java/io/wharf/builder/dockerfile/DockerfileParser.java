package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses Dockerfile text (directives, continuations, comments, JSON and shell forms, heredocs) as BuildKit's
 * {@code frontend/dockerfile/parser} does, and checks each instruction's arguments and the stage structure, so a
 * broken Dockerfile fails before anything runs.
 */
public final class DockerfileParser {
    private final String fileName;
    private final Lines lines;
    private final List<String> warnings = new ArrayList<>();
    private final Directives directives = new Directives(warnings);

    private DockerfileParser(String fileName, String text) {
        this.fileName = fileName;
        this.lines = new Lines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** @param fileName the name used in error messages ({@code Dockerfile}, or the custom name) */
    public static ParsedDockerfile parse(String fileName, String text) throws DockerfileSyntaxException {
        if (text.isEmpty()) {
            throw new DockerfileSyntaxException("the Dockerfile (" + fileName + ") cannot be empty");
        }
        DockerfileParser parser = new DockerfileParser(fileName, text);
        List<Instruction> instructions = parser.instructions();
        if (instructions.isEmpty()) {
            throw new DockerfileSyntaxException("file with no instructions");
        }
        checkStages(fileName, instructions);
        return new ParsedDockerfile(List.copyOf(instructions), parser.directives.escape(),
                List.copyOf(parser.warnings));
    }

    /**
     * An {@code ONBUILD} trigger as an image records it ({@code RUN echo hi}, here-documents appended), read back when
     * a child build runs it; {@code line} is where the child's {@code FROM} is.
     */
    public static Instruction parseTrigger(String fileName, int line, String trigger, char escape)
            throws DockerfileSyntaxException {
        String text = escape == '\\' ? trigger : "# escape=" + escape + "\n" + trigger;
        List<Instruction> parsed = new DockerfileParser(fileName, text).instructions();
        if (parsed.size() != 1) {
            throw new DockerfileSyntaxException(fileName, line, "invalid ONBUILD trigger: " + trigger);
        }
        Instruction only = parsed.get(0);
        return new Instruction(line, only.keyword(), only.flags(), only.args(), only.jsonForm(), only.heredocs(),
                only.original());
    }

    private List<Instruction> instructions() throws DockerfileSyntaxException {
        List<Instruction> instructions = new ArrayList<>();
        boolean emptyContinuations = false;
        while (lines.hasNext()) {
            String line = processLine(lines.next(), true);
            int start = lines.number();
            String joined = directives.withoutContinuation(line);
            if (joined == null && line.isEmpty()) {
                continue;
            }
            boolean endOfLine = joined == null;
            StringBuilder text = new StringBuilder(endOfLine ? line : joined);
            boolean emptyContinuation = false;
            while (!endOfLine && lines.hasNext()) {
                String raw = lines.next();
                String continued = processLine(raw, false);
                if (isComment(raw)) {
                    continue;
                }
                if (continued.isBlank()) {
                    emptyContinuation = true;
                    continue;
                }
                String trimmed = directives.withoutContinuation(continued);
                endOfLine = trimmed == null;
                text.append(endOfLine ? continued : trimmed);
            }
            if (emptyContinuation) {
                warnings.add("[WARNING]: Empty continuation line found in:\n    " + text);
                emptyContinuations = true;
            }
            instructions.add(withHeredocs(parseLine(start, text.toString()), start));
        }
        if (emptyContinuations) {
            warnings.add("[WARNING]: Empty continuation lines will become errors in a future release.");
        }
        return instructions;
    }

    private Instruction parseLine(int start, String text) throws DockerfileSyntaxException {
        try {
            return new InstructionParser(directives.escape()).parse(start, text);
        } catch (IllegalArgumentException e) {
            throw new DockerfileSyntaxException(fileName, start, e.getMessage());
        }
    }

    /** Reads the bodies of the here-documents the instruction's line opens, from the lines after it. */
    private Instruction withHeredocs(Instruction instruction, int start) throws DockerfileSyntaxException {
        Instruction opener = instruction;
        if (instruction.keyword().equals("ONBUILD")) {
            opener = parseLine(start, instruction.args().get(0));
        }
        if (!Heredocs.allowedIn(opener.keyword()) || opener.jsonForm()) {
            return instruction;
        }
        List<Instruction.Heredoc> heredocs = new ArrayList<>();
        StringBuilder trigger = new StringBuilder(instruction.args().isEmpty() ? "" : instruction.args().get(0));
        for (Instruction.Heredoc marker : Heredocs.markers(opener.original())) {
            String body = body(marker, start);
            trigger.append('\n').append(body).append(marker.name());
            heredocs.add(new Instruction.Heredoc(marker.name(), marker.chomp() ? Heredocs.chomp(body) : body,
                    marker.expand(), marker.chomp()));
        }
        if (heredocs.isEmpty()) {
            return instruction;
        }
        List<String> args = instruction.keyword().equals("ONBUILD") ? List.of(trigger.toString()) : instruction.args();
        return new Instruction(instruction.line(), instruction.keyword(), instruction.flags(), args,
                instruction.jsonForm(), List.copyOf(heredocs), instruction.original());
    }

    private String body(Instruction.Heredoc marker, int start) throws DockerfileSyntaxException {
        StringBuilder body = new StringBuilder();
        while (lines.hasNext()) {
            String raw = lines.next();
            String candidate = trimNewline(raw);
            if (marker.chomp()) {
                candidate = candidate.replaceFirst("^\t+", "");
            }
            if (candidate.equals(marker.name())) {
                return body.toString();
            }
            body.append(raw);
        }
        throw new DockerfileSyntaxException(fileName, start, "unterminated heredoc");
    }

    /** Newline trimmed, leading whitespace too for a line that starts an instruction; a comment becomes empty. */
    private String processLine(String raw, boolean stripLeft) throws DockerfileSyntaxException {
        String token = trimNewline(raw);
        if (stripLeft) {
            token = stripLeadingSpace(token);
        }
        try {
            directives.offer(token);
        } catch (IllegalArgumentException e) {
            throw new DockerfileSyntaxException(fileName, lines.number(), e.getMessage());
        }
        return isComment(token) ? "" : token;
    }

    private static boolean isComment(String line) {
        return stripLeadingSpace(line).startsWith("#");
    }

    private static String trimNewline(String raw) {
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        return raw.substring(0, end);
    }

    private static String stripLeadingSpace(String text) {
        int i = 0;
        while (i < text.length() && GoText.isSpace(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return text.substring(i);
    }

    /** ARGs may come before the first FROM; any other instruction needs a stage. */
    private static void checkStages(String fileName, List<Instruction> instructions)
            throws DockerfileSyntaxException {
        Optional<Instruction> first = instructions.stream().filter(i -> !i.keyword().equals("ARG")).findFirst();
        if (first.isEmpty()) {
            throw new DockerfileSyntaxException("dockerfile contains no stages to build");
        }
        if (!first.get().keyword().equals("FROM")) {
            throw new DockerfileSyntaxException(fileName, first.get().line(), "no build stage in current context");
        }
    }

    /** The text's lines, each with its newline, and the 1-based number of the last one read. */
    private static final class Lines {
        private final String text;
        private int position;
        private int number;

        Lines(String text) {
            this.text = text;
        }

        boolean hasNext() {
            return position < text.length();
        }

        String next() {
            int newline = text.indexOf('\n', position);
            int end = newline < 0 ? text.length() : newline + 1;
            String line = text.substring(position, end);
            position = end;
            number++;
            return line;
        }

        int number() {
            return number;
        }
    }
}
