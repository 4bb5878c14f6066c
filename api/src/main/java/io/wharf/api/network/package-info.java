/** Network driver and IPAM SPIs. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.wharf.api.network;
