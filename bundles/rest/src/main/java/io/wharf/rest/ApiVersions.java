package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.RestResources;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API version prefix ({@code /v1.43/...}): parsing, the supported range, and Docker's error wording. */
final class ApiVersions {
    private static final Pattern PREFIX = Pattern.compile("^/v([0-9]+)\\.([0-9]+)(/.*)?$");
    private static final int[] MIN = parse(RestResources.MIN_API_VERSION);
    private static final int[] MAX = parse(RestResources.CURRENT_API_VERSION);

    private ApiVersions() {
    }

    /** A path split into its version (null when unversioned) and the rest. */
    record VersionedPath(String version, String path) {
    }

    static VersionedPath split(String path) {
        Matcher m = PREFIX.matcher(path);
        if (!m.matches()) {
            return new VersionedPath(null, path);
        }
        String rest = m.group(3) == null ? "/" : m.group(3);
        return new VersionedPath(m.group(1) + "." + m.group(2), rest);
    }

    /** Checks a requested version against the supported range, answering like dockerd when outside it. */
    static void check(String version) {
        int[] v = parse(version);
        if (compare(v, MIN) < 0) {
            throw EngineException.invalid("client version %s is too old. Minimum supported API version is %s, "
                    + "please upgrade your client to a newer version", version, RestResources.MIN_API_VERSION);
        }
        if (compare(v, MAX) > 0) {
            throw EngineException.invalid("client version %s is too new. Maximum supported API version is %s",
                    version, RestResources.CURRENT_API_VERSION);
        }
    }

    static int compare(String a, String b) {
        return compare(parse(a), parse(b));
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    private static int[] parse(String version) {
        int dot = version.indexOf('.');
        return new int[] {Integer.parseInt(version.substring(0, dot)), Integer.parseInt(version.substring(dot + 1))};
    }
}
