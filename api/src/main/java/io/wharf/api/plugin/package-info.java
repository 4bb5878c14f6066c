/**
 * Docker's legacy (v1) plugins: out-of-process drivers found by a socket or spec file and spoken to with
 * Docker's HTTP/JSON plugin protocol. Adapter bundles ask {@link io.wharf.api.plugin.LegacyPlugins} for a plugin
 * by name and call it; activation (the {@code Plugin.Activate} handshake) happens on first use.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.plugin;
