/**
 * Thin JNA bindings of the Linux calls Java lacks: mounts, device nodes, ownership, xattrs, symlink times, statfs,
 * unix datagram sockets.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.wharf.linux;
