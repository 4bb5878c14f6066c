/**
 * The formats the daemon's ConfigAdmin configurations share across bundles. wharfd writes one configuration per
 * concern from daemon.json and its flags (PIDs {@code io.wharf.daemon}, {@code io.wharf.api},
 * {@code io.wharf.storage}, {@code io.wharf.network}, {@code io.wharf.registry}, {@code io.wharf.runtime},
 * {@code io.wharf.engine}); each consuming bundle declares the typed form it reads as its own
 * {@code @ObjectClassDefinition}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.wharf.api.config;
