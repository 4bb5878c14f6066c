/**
 * Managed Wharf plugins: driver bundles packaged as OCI artifacts (a plugin config and the bundle jar), installed,
 * enabled, upgraded and removed in the running engine through {@link io.wharf.api.plugin.manager.PluginManager},
 * which serves Docker's {@code /plugins} endpoints. The records have the JSON shape of Docker's {@code Plugin}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.plugin.manager;
