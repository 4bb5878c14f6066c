/**
 * Image layers as tar streams: apply a layer onto a directory safely, write a tree, an overlay upper directory or
 * the difference of two trees as a deterministic tar, list changes for {@code docker diff}, copy trees faithfully.
 *
 * <p>Not a bundle: each bundle that uses this package embeds a private copy (bnd's {@code -conditionalpackage}),
 * so a change here refreshes no other bundle. No class here may be shared across bundles by identity.
 */
package io.wharf.archive;
