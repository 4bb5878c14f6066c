/** Typed engine errors, each mapped to the Docker API's HTTP status. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.wharf.api.errors;
