package io.wharf.builder.remote;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /build?remote=}: the context fetched from an http(s) URL, a tar (any compression) or a bare
 * Dockerfile, which the builder then reads as it reads a request body (the same archive caps apply). Git
 * repositories are refused: this builder has no git.
 */
public final class RemoteContext {
    private final HttpDownloads downloads;

    public RemoteContext(HttpDownloads downloads) {
        this.downloads = downloads;
    }

    /** Opens the context's stream; the caller closes it. */
    public InputStream open(String remote) throws IOException {
        if (RemoteUrls.isGit(remote)) {
            throw EngineException.invalid("git contexts are not supported by this builder: %s (send the "
                    + "context as a tar, or the URL of one)", remote);
        }
        if (!RemoteUrls.isHttp(remote)) {
            throw EngineException.invalid("remoteURL (%s) could not be recognized as URL", remote);
        }
        return downloads.get(remote).body();
    }
}
