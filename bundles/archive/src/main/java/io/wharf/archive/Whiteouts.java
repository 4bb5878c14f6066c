package io.wharf.archive;

/** Names of the OCI whiteout convention and its overlayfs counterparts. */
public final class Whiteouts {
    /** {@code .wh.NAME} in a layer deletes NAME from the layers below. */
    public static final String PREFIX = ".wh.";
    /** Prefix of whiteout metadata names (aufs leftovers), never real files. */
    public static final String META_PREFIX = ".wh..wh.";
    /** This entry in a directory hides everything the layers below have in it. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** overlayfs marks an opaque directory with this xattr set to {@code y}. */
    public static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";
    /** Every xattr in this namespace belongs to overlayfs, not to the image content. */
    public static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

    private Whiteouts() {
    }

    static boolean isWhiteoutName(String name) {
        return name.startsWith(PREFIX);
    }
}
