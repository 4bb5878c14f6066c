/** What the engine records for its metrics endpoint (dockerd's {@code metrics-addr}). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.metrics;
