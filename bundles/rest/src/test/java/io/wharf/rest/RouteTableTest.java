package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    @Path("/images")
    public static final class Images {
        @GET
        @Path("/json")
        public String list() {
            return "";
        }

        @GET
        @Path("/{name: .+}/json")
        public String inspect() {
            return "";
        }

        @DELETE
        @Path("/{name: .+}")
        public String remove() {
            return "";
        }
    }

    @Path("build")
    public static final class Build {
        @POST
        public String build() {
            return "";
        }

        @Path("/sessions/{id}")
        public Object session() { // a sub-resource locator
            return this;
        }
    }

    /** Not a root resource: contributes no route. */
    public static final class NoPath {
        @GET
        public String get() {
            return "";
        }
    }

    private final RouteTable images = RouteTable.of(List.of(new Images(), new NoPath()));

    @Test
    void answersTheMethodsAndPathsOfItsResources() {
        assertTrue(images.answers("GET", "/images/json"));
        assertTrue(images.answers("HEAD", "/images/json"), "HEAD is answered by GET");
        assertTrue(images.answers("GET", "/images/localhost/busybox:1/json"));
        assertTrue(images.answers("DELETE", "/images/busybox"));
        assertTrue(images.answers("GET", "/images/json/"), "a trailing slash");
    }

    @Test
    void aPathWithAnotherMethodOrOfAnotherResourceIsNotAnswered() {
        assertFalse(images.answers("POST", "/images/busybox/push"), "a route the registry bundle adds");
        assertFalse(images.answers("POST", "/images/json"));
        assertFalse(images.answers("POST", "/build"));
        assertFalse(images.answers("GET", "/"));
        assertFalse(RouteTable.EMPTY.answers("GET", "/images/json"));
    }

    @Test
    void aRelativeRootPathAndSubResourceLocatorsAnswerBelowTheirPath() {
        RouteTable build = RouteTable.of(List.of(new Build()));
        assertTrue(build.answers("POST", "/build"));
        assertTrue(build.answers("GET", "/build/sessions/abc/state"));
        assertFalse(build.answers("GET", "/build"));
        assertFalse(build.answers("POST", "/builds"));
    }
}
