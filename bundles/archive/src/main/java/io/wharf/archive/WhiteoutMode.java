package io.wharf.archive;

/** How {@link LayerApplier} treats OCI whiteout entries. */
public enum WhiteoutMode {
    /** The target is a copy of the parent layer (vfs): {@code .wh.NAME} deletes NAME, an opaque marker empties its directory. */
    DELETE,
    /** The target is an overlayfs upper or layer directory: whiteouts become 0/0 character devices and opaque xattrs. */
    OVERLAY
}
