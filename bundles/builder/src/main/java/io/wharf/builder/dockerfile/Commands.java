package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv a {@code RUN}, {@code CMD} or {@code ENTRYPOINT} runs: the JSON array as is, or the shell form appended to
 * the stage's {@code SHELL} ({@code ["/bin/sh", "-c"]} by default); here-documents as BuildKit runs them.
 */
public final class Commands {
    /** Where BuildKit mounts a {@code RUN <<EOF} script that starts with {@code #!}. */
    public static final String SCRIPT_DIRECTORY = "/dev/pipes/";

    /**
     * @param argv   what to execute
     * @param script a here-document to write (mode 0755) at {@code SCRIPT_DIRECTORY + name} before running, when
     *               {@code argv} runs it: {@code RUN <<EOF} whose body starts with {@code #!}
     */
    public record Command(List<String> argv, Optional<Instruction.Heredoc> script) {
    }

    private Commands() {
    }

    /** The argv of an instruction in a stage whose shell is {@code shell}. */
    public static Command of(Instruction instruction, List<String> shell) {
        List<String> args = instruction.args();
        if (instruction.jsonForm()) {
            return new Command(args, Optional.empty());
        }
        String line = args.isEmpty() ? "" : args.get(0);
        List<Instruction.Heredoc> heredocs = instruction.heredocs();
        if (heredocs.isEmpty()) {
            return new Command(withShell(shell, line), Optional.empty());
        }
        Instruction.Heredoc first = heredocs.get(0);
        if (Heredocs.marker(line).isPresent()) {
            // RUN <<EOF alone: the body is the script; a #! line picks its interpreter, else the shell runs it
            if (first.content().startsWith("#!")) {
                return new Command(List.of(SCRIPT_DIRECTORY + first.name()), Optional.of(first));
            }
            return new Command(withShell(shell, first.content()), Optional.empty());
        }
        // RUN python3 <<EOF and the like: the shell reads the here-documents itself
        StringBuilder full = new StringBuilder(line);
        for (Instruction.Heredoc heredoc : heredocs) {
            full.append('\n').append(heredoc.content()).append(heredoc.name());
        }
        return new Command(withShell(shell, full.toString()), Optional.empty());
    }

    private static List<String> withShell(List<String> shell, String line) {
        List<String> argv = new ArrayList<>(shell);
        argv.add(line);
        return List.copyOf(argv);
    }
}
