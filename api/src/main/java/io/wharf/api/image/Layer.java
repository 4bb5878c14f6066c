package io.wharf.api.image;

import io.wharf.api.model.Digest;

/** A read-only layer in the store: its own diff ID, its chain ID, and the bytes its content takes. */
public record Layer(Digest diffId, Digest chainId, Digest parentChainId, long size) {
}
