/**
 * Small helpers several bundles share, so each Docker rule lives in one place: durable file writes, the
 * {@code filters} query parameter, Go's time and duration formats, and go-units' human durations.
 *
 * <p>Not a bundle: each bundle that uses this package embeds a private copy (bnd's {@code -conditionalpackage}),
 * so a change here refreshes no other bundle. No class here may be shared across bundles by identity.
 */
package io.wharf.support;
