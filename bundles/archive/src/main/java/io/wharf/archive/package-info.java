/**
 * Image layers as tar streams: apply a layer onto a directory safely, write a tree, an overlay upper directory or
 * the difference of two trees as a deterministic tar, list changes for {@code docker diff}, copy trees faithfully.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.archive;
