package io.wharf.api.image;

/**
 * One line of an image removal's outcome: exactly one of the two fields is set. The HTTP shape is the REST
 * bundle's wire record, not this type.
 */
public record DeleteResponse(String untagged, String deleted) {
    public static DeleteResponse untagged(String reference) {
        return new DeleteResponse(reference, null);
    }

    public static DeleteResponse deleted(String id) {
        return new DeleteResponse(null, id);
    }
}
