package io.wharf.builder.remote;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How Docker's classic builder tells URLs apart (moby's pkg/urlutil) and names a downloaded file. */
public final class RemoteUrls {
    private static final Pattern GIT_SUFFIX = Pattern.compile("\\.git(?:#.+)?$");
    private static final Pattern DISPOSITION_FILENAME = Pattern.compile(
            "(?i)(?:^|;)\\s*filename\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");

    private RemoteUrls() {
    }

    /** An http:// or https:// URL. */
    public static boolean isHttp(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** A git repository as Docker recognises one: git://, github.com/, git@, or an http(s) URL ending in .git. */
    public static boolean isGit(String url) {
        if (isHttp(url) && GIT_SUFFIX.matcher(url).find()) {
            return true;
        }
        return url.startsWith("git://") || url.startsWith("github.com/") || url.startsWith("git@");
    }

    /**
     * The name of a downloaded file, as moby's getFilenameForDownload chooses it: the URL path's last element,
     * else the {@code filename} of {@code Content-Disposition}; empty when neither gives one.
     */
    public static Optional<String> fileName(String url, Optional<String> contentDisposition) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        Optional<String> fromPath = lastElement(path);
        if (fromPath.isPresent()) {
            return fromPath;
        }
        return contentDisposition.flatMap(value -> {
            Matcher m = DISPOSITION_FILENAME.matcher(value);
            return m.find() ? lastElement(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
        });
    }

    private static Optional<String> lastElement(String path) {
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return Optional.empty();
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() || name.equals(".") || name.equals("..") ? Optional.empty() : Optional.of(name);
    }
}
