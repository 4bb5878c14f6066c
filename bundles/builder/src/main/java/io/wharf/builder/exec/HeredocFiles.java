package io.wharf.builder.exec;

import io.wharf.builder.dockerfile.Instruction;
import io.wharf.archive.DirectoryTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The here-documents of a {@code COPY <<EOF dest} as files (named after their marker, mode 0644 as BuildKit makes
 * them), their text expanded unless the marker was quoted; deleted on close.
 */
final class HeredocFiles implements AutoCloseable {
    private final Path directory;
    private final Map<String, Path> files;

    private HeredocFiles(Path directory, Map<String, Path> files) {
        this.directory = directory;
        this.files = files;
    }

    /** @param expand the stage's variable substitution */
    static HeredocFiles write(Instruction instruction, Path scratch, UnaryOperator<String> expand)
            throws IOException {
        if (instruction.heredocs().isEmpty()) {
            return new HeredocFiles(null, Map.of());
        }
        Path directory = Files.createTempDirectory(scratch, "heredocs-");
        Map<String, Path> files = new HashMap<>();
        try {
            for (String word : instruction.words()) {
                var heredoc = instruction.heredocFor(word);
                if (heredoc.isPresent()) {
                    // a directory each: two here-documents may share a name, and each keeps its own
                    Path file = Files.createTempDirectory(directory, "doc-").resolve(heredoc.get().name());
                    String content = heredoc.get().expand() ? expand.apply(heredoc.get().content())
                            : heredoc.get().content();
                    Files.writeString(file, content);
                    files.put(word, file);
                }
            }
        } catch (IOException | RuntimeException e) {
            DirectoryTrees.delete(directory);
            throw e;
        }
        return new HeredocFiles(directory, files);
    }

    /** The file of the here-document {@code word} introduces ({@code <<EOF}), or null when it is a path. */
    Path file(String word) {
        return files.get(word);
    }

    @Override
    public void close() throws IOException {
        if (directory != null) {
            DirectoryTrees.delete(directory);
        }
    }
}
