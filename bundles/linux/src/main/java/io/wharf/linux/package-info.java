/**
 * Thin JNA bindings of the Linux calls Java lacks: mounts, device nodes, ownership, xattrs, symlink times, statfs,
 * unix datagram sockets, joining a network namespace, spawning a child with extra pipes (posix_spawn).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package io.wharf.linux;
