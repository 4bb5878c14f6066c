package io.wharf.builder.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction as written, before variable substitution (the executor substitutes per stage, where
 * Docker does).
 *
 * @param line      the 1-based line the instruction starts on (for error messages: {@code Dockerfile:7: ...})
 * @param keyword   the instruction in upper case ({@code RUN}, {@code COPY}, ...)
 * @param flags     the {@code --name=value} flags in order of appearance ({@code --from}, {@code --chown}, ...);
 *                  a flag without value maps to {@code ""}
 * @param args      the arguments: for JSON form the array elements; for shell form one element holding the rest of
 *                  the line after continuations were joined (comments and empty continuation lines removed); for
 *                  {@code ENV}/{@code LABEL}/{@code ARG} see {@link #keyValues()}
 * @param jsonForm  whether the arguments were written as a JSON array
 * @param heredocs  the here-documents the instruction carries ({@code RUN <<EOF}, {@code COPY <<EOF /dst})
 * @param original  the instruction's text as written (continuations joined), as Docker quotes it in history
 */
public record Instruction(int line, String keyword, Map<String, String> flags, List<String> args, boolean jsonForm,
                          List<Heredoc> heredocs, String original) {

    /** A here-document: its name, its body (with the final newline), and whether the body expands variables. */
    public record Heredoc(String name, String content, boolean expand, boolean chomp) {
    }

    /** {@code ENV}, {@code LABEL}, {@code ARG} pairs in order: both {@code k v} and {@code k=v ...} forms. */
    public record KeyValue(String key, String value, boolean hasValue) {
    }

    public List<KeyValue> keyValues() {
        return InstructionArguments.keyValues(this);
    }
}
