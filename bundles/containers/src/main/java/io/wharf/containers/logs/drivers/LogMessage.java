package io.wharf.containers.logs.drivers;

/**
 * One entry for a forwarding driver: a line of the container's output (without its newline) or, for a line longer
 * than the monitor's buffer, one piece of it ({@code partial}: more of the same line follows), as moby's copier
 * hands pieces to a driver.
 */
public record LogMessage(boolean stderr, byte[] line, long epochNanos, boolean partial) {
}
