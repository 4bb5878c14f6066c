package io.wharf.builder.dockerfile;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Dockerfile instruction as written, before variable substitution (the executor substitutes per stage, where
 * Docker does: {@link Substitution#substitutes}).
 *
 * @param line      the 1-based line the instruction starts on (for error messages: {@code Dockerfile:7: ...})
 * @param keyword   the instruction in upper case ({@code RUN}, {@code COPY}, ...)
 * @param flags     the {@code --name=value} flags in order of appearance, keyed by name without the dashes
 *                  ({@code from}, {@code chown}, ...), quotes removed; a boolean flag ({@code --link}) holds
 *                  {@code "true"} or {@code "false"}. Only the flags the instruction takes get here.
 * @param args      the arguments: for JSON form the array elements; for shell form one element holding the rest of
 *                  the line after continuations were joined (comments and empty continuation lines removed), none
 *                  when the line has nothing after the keyword; see {@link #words()} for {@code FROM}, {@code COPY},
 *                  {@code ADD}, {@code EXPOSE} and {@code VOLUME}. Special shapes: {@code ENV}/{@code LABEL}
 *                  alternate key and value and {@code ARG} holds its {@code name[=default]} words (use
 *                  {@link #keyValues()}); {@code HEALTHCHECK} holds the type ({@code CMD}/{@code NONE}) then the
 *                  command ({@code jsonForm} tells its form); {@code ONBUILD} holds the trigger as the image records
 *                  it ({@code RUN echo hi}, here-documents appended), which {@link DockerfileParser#parseTrigger}
 *                  reads back.
 * @param jsonForm  whether the arguments were written as a JSON array
 * @param heredocs  the here-documents the instruction carries ({@code RUN <<EOF}, {@code COPY <<EOF /dst}); a
 *                  {@code <<-} body already has its leading tabs stripped
 * @param original  the instruction's text as written (continuations joined), as Docker quotes it in history
 */
public record Instruction(int line, String keyword, Map<String, String> flags, List<String> args, boolean jsonForm,
                          List<Heredoc> heredocs, String original) {
    /** Read-only: a parse is shared by the builds of the same Dockerfile ({@link RecentDockerfiles}). */
    public Instruction {
        flags = Collections.unmodifiableMap(flags);
        args = Collections.unmodifiableList(args);
        heredocs = Collections.unmodifiableList(heredocs);
    }

    /** A here-document: its name, its body (with the final newline), and whether the body expands variables. */
    public record Heredoc(String name, String content, boolean expand, boolean chomp) {
    }

    /**
     * {@code ENV}, {@code LABEL}, {@code ARG} pairs in order: both {@code k v} and {@code k=v ...} forms. Keys and
     * values are as written (quotes kept); pass each through {@link Substitution#expand}, which removes the quotes.
     * An {@code ARG} without default has {@code hasValue} false and a null value.
     */
    public record KeyValue(String key, String value, boolean hasValue) {
    }

    public List<KeyValue> keyValues() {
        return InstructionArguments.keyValues(this);
    }

    /**
     * The words as moby splits them: the JSON array's elements, or the shell-form line split on whitespace (quotes do
     * not protect spaces; each word is then substituted alone with {@link Substitution#expand}, so a variable holding
     * a space stays one word). For {@code FROM image AS name}, {@code COPY src... dst}, {@code EXPOSE}, {@code VOLUME}.
     */
    public List<String> words() {
        return InstructionArguments.words(this);
    }

    /** The here-document a word of this instruction opens ({@code <<EOF} in {@code COPY <<EOF /dst}), with body. */
    public Optional<Heredoc> heredocFor(String word) {
        return Heredocs.marker(word).flatMap(marker -> heredocs.stream()
                .filter(heredoc -> heredoc.name().equals(marker.name())).findFirst());
    }

    /** The stage name of {@code FROM image AS name}, lower-cased as Docker keys stages; empty without {@code AS}. */
    public Optional<String> stageName() {
        List<String> words = words();
        if (!keyword.equals("FROM") || words.size() != 3) {
            return Optional.empty();
        }
        return Optional.of(words.get(2).toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether a {@code RUN}/{@code CMD}/{@code ENTRYPOINT} runs through the shell (shell form) or as an exec array. */
    public boolean shellForm() {
        return !jsonForm;
    }
}
