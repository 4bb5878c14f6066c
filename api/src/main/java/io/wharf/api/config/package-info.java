/** The daemon's effective configuration (daemon.json merged with command-line flags). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.wharf.api.config;
