/**
 * Image policy, a vendor extension point: {@link io.wharf.api.policy.ImagePolicy} services the engine consults
 * before it pulls an image and before it creates a container from one. Every registered policy must allow; without
 * any, nothing is checked.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.policy;
