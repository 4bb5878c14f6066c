/** Image builder SPI: POST /build's request, the builder, a failed step's error, and the cache's records, prune
 * options and report. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package io.wharf.api.build;
