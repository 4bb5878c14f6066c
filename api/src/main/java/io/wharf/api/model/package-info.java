/** Immutable domain model shared by every bundle: digests, references, image configuration. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.model;
