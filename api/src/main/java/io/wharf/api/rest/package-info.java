/** How bundles contribute REST endpoints: JAX-RS resources and hijacked raw streams. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.wharf.api.rest;
