package io.wharf.builder.dockerfile;

/** A Dockerfile that cannot be built; the message names the line: {@code Dockerfile:7: unknown instruction: RUNN}. */
public final class DockerfileSyntaxException extends Exception {
    private final int line;

    public DockerfileSyntaxException(String fileName, int line, String problem) {
        super(fileName + ":" + line + ": " + problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
