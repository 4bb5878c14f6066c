/**
 * Log drivers that are not built into the containers bundle, as Docker's log-driver plugins: a
 * {@link io.wharf.api.log.LogDriverResolver} finds a {@link io.wharf.api.log.LogDriver} by name when a container
 * names a driver the engine does not know, and the driver opens one {@link io.wharf.api.log.LogEntrySink} per
 * container run. A driver that reads its logs back ({@link io.wharf.api.log.LogDriver#readsLogs()}) serves
 * {@code docker logs}; for any other the engine reads its own copy of the log (dockerd's dual-logging cache).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.log;
