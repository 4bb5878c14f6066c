/** Progress reporting for long operations, in the shape of Docker's JSON progress messages. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.progress;
