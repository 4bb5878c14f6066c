package io.wharf.containers.rest;

/** A container's SizeRw and SizeRootFs, measured for {@code ?size=1} (inspect and list). */
public record ContainerSize(long sizeRw, long sizeRootFs) {
}
