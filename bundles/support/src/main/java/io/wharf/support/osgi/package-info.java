/** What DS components share when they register services by hand: registering REST endpoints, unregistering together. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.support.osgi;
