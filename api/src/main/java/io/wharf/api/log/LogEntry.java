package io.wharf.api.log;

/**
 * One entry of a container's output, as moby's logdriver.LogEntry: a line without its newline, or a piece of a line
 * longer than the monitor's buffer ({@code partial}: more of the same line follows).
 *
 * @param source    {@code stdout} or {@code stderr}
 * @param timeNanos when it was written, nanoseconds since the epoch
 */
public record LogEntry(String source, long timeNanos, byte[] line, boolean partial) {
}
