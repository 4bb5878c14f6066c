package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class MalformedContentTypeTest {
    @Test
    void mediaTypesStayAndWhatIsNoneGoes() {
        for (String ok : new String[] {"application/json", "application/x-tar", "text/plain; charset=utf-8",
                "application/vnd.docker.raw-stream", " application/json "}) {
            assertFalse(MalformedContentType.isMalformed(ok), ok);
        }
        for (String bad : new String[] {"APPLICATION_X_TAR", "json", "", "/json", "application/", "a b/c"}) {
            assertTrue(MalformedContentType.isMalformed(bad), bad);
        }
        assertFalse(MalformedContentType.isMalformed(null));
    }

    @Test
    void dropRemovesOnlyAMalformedHeader() {
        HttpFields.Mutable docker = HttpFields.build().put(HttpHeader.CONTENT_TYPE, "APPLICATION_X_TAR");
        MalformedContentType.drop(docker);
        assertNull(docker.get(HttpHeader.CONTENT_TYPE));
        HttpFields.Mutable json = HttpFields.build().put(HttpHeader.CONTENT_TYPE, "application/json");
        MalformedContentType.drop(json);
        assertEquals("application/json", json.get(HttpHeader.CONTENT_TYPE));
    }
}
