package io.wharf.rest;

import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A Content-Type that is no media type at all is dropped before Jersey sees it, as dockerd ignores it: docker-java
 * (and so Testcontainers) sends {@code content-type: APPLICATION_X_TAR} with every archive upload, which Jersey
 * answered with an empty 400. A body without a type is read as bytes, as Go's server reads every body.
 */
final class MalformedContentType {
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN + "\\s*(;.*)?",
            Pattern.DOTALL);

    private MalformedContentType() {
    }

    static boolean isMalformed(String contentType) {
        return contentType != null && !MEDIA_TYPE.matcher(contentType).matches();
    }

    /** Removes a malformed Content-Type from {@code headers}. */
    static void drop(HttpFields.Mutable headers) {
        if (isMalformed(headers.get(HttpHeader.CONTENT_TYPE))) {
            headers.remove(HttpHeader.CONTENT_TYPE);
        }
    }
}
