/**
 * Docker's legacy (v1) plugins: out-of-process drivers found by a socket or spec file and spoken to with
 * Docker's HTTP/JSON plugin protocol. Adapter bundles ask {@link io.wharf.api.plugin.LegacyPlugins} for a plugin
 * by name and call it; activation (the {@code Plugin.Activate} handshake) happens on first use.
 * A managed plugin (a Docker plugin image run as a container) is offered the same way once the plugin manager
 * has registered its socket with {@link io.wharf.api.plugin.PluginSockets}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.wharf.api.plugin;
