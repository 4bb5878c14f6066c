package io.wharf.api.registry;

import io.wharf.api.model.Digest;

/** A manifest or index as fetched: its media type, its digest and its exact bytes. */
public record ManifestResponse(String mediaType, Digest digest, byte[] content) {
}
