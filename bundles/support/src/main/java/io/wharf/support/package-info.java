/**
 * Small helpers several bundles share, so each Docker rule lives in one place: durable file writes, the
 * {@code filters} query parameter, Go's time and duration formats, and go-units' human durations.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.wharf.support;
