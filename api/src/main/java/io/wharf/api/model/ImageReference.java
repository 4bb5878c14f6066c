package io.wharf.api.model;

import io.wharf.api.errors.EngineException;
import java.util.regex.Pattern;

/**
 * A normalised image reference, as Docker's distribution/reference parses it:
 * {@code busybox} is {@code docker.io/library/busybox}, a first path component with a dot, a colon or equal to
 * {@code localhost} is a registry host. At most one of tag and digest may be absent; both may be present.
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?"
                    + "|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern FULL_ID = Pattern.compile("[a-f0-9]{64}");
    private static final int MAX_NAME_LENGTH = 255;

    /** Parses and normalises a reference; no default tag is added. */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw EngineException.invalid("invalid reference format");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = parseDigest(text, rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw EngineException.invalid("invalid reference format");
            }
        }
        String domain = DEFAULT_DOMAIN;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
                domain = first;
                path = rest.substring(slash + 1);
                if (!DOMAIN.matcher(domain).matches()) {
                    throw EngineException.invalid("invalid reference format");
                }
            }
        }
        if (domain.equals(LEGACY_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') < 0) {
            path = OFFICIAL_PREFIX + path;
        }
        if (FULL_ID.matcher(text).matches()) {
            throw EngineException.invalid(
                    "invalid repository name (%s), cannot specify 64-byte hexadecimal strings", text);
        }
        validatePath(path, text);
        if (domain.length() + 1 + path.length() > MAX_NAME_LENGTH) {
            throw EngineException.invalid("invalid reference format: repository name must not be more than %d characters",
                    MAX_NAME_LENGTH);
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** True when the text parses as a reference (used to tell references from image IDs). */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    private static Digest parseDigest(String text, String value) {
        try {
            return Digest.parse(value);
        } catch (EngineException e) {
            throw EngineException.invalid("invalid reference format");
        }
    }

    private static void validatePath(String path, String original) {
        if (path.isEmpty()) {
            throw EngineException.invalid("invalid reference format");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                if (COMPONENT.matcher(component.toLowerCase()).matches()) {
                    throw EngineException.invalid("invalid reference format: repository name (%s) must be lowercase",
                            path);
                }
                throw EngineException.invalid("invalid reference format");
            }
        }
    }

    /** With {@code latest} added when neither tag nor digest was given (docker's TagNameOnly). */
    public ImageReference withDefaultTag() {
        return tag == null && digest == null ? new ImageReference(domain, path, DEFAULT_TAG, null) : this;
    }

    public ImageReference withTag(String newTag) {
        if (!TAG.matcher(newTag).matches()) {
            throw EngineException.invalid("invalid tag format");
        }
        return new ImageReference(domain, path, newTag, null);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, null, newDigest);
    }

    public ImageReference nameOnly() {
        return new ImageReference(domain, path, null, null);
    }

    /** The fully qualified repository name, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The repository name as users write it, e.g. {@code busybox} or {@code localhost:5000/app}. */
    public String familiarName() {
        if (domain.equals(DEFAULT_DOMAIN)) {
            return path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0
                    ? path.substring(OFFICIAL_PREFIX.length()) : path;
        }
        return name();
    }

    /** The whole reference in the form users write it, e.g. {@code busybox:latest}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
