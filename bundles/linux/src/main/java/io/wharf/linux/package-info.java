/**
 * Thin JNA bindings of the Linux calls Java lacks: mounts, device nodes, ownership, xattrs, symlink times, statfs,
 * unix datagram sockets, joining a network namespace.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.wharf.linux;
