package io.wharf.builder.dockerfile;

/** A Dockerfile that cannot be built; the message names the line: {@code Dockerfile:7: unknown instruction: RUNN}. */
public final class DockerfileSyntaxException extends Exception {
    private final int line;

    public DockerfileSyntaxException(String fileName, int line, String problem) {
        super(fileName + ":" + line + ": " + problem);
        this.line = line;
    }

    /**
     * A problem not tied to a line: a whole-file one ({@code the Dockerfile (Dockerfile) cannot be empty}), or one
     * found in a word by {@link Substitution}, which {@link #at} then places.
     */
    public DockerfileSyntaxException(String problem) {
        super(problem);
        this.line = 0;
    }

    /** The 1-based line, or 0 when the problem is not tied to one. */
    public int line() {
        return line;
    }

    /** This problem (one without a line) placed at a line of a Dockerfile, as the executor reports it. */
    public DockerfileSyntaxException at(String fileName, int atLine) {
        DockerfileSyntaxException located = new DockerfileSyntaxException(fileName, atLine, getMessage());
        located.initCause(this);
        return located;
    }
}
