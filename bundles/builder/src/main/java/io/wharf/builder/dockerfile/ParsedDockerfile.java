package io.wharf.builder.dockerfile;

import java.util.List;

/**
 * A parsed Dockerfile: its instructions in order (ARGs before the first FROM included), the escape character in
 * effect, and warnings to show in the build output (e.g. an ignored {@code # syntax=} directive).
 */
public record ParsedDockerfile(List<Instruction> instructions, char escape, List<String> warnings) {
}
