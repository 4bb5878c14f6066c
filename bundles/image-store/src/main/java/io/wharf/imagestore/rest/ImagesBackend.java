package io.wharf.imagestore.rest;

import io.wharf.api.progress.ProgressListener;
import io.wharf.support.ProgressStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What the image endpoints ask of the daemon, one method per endpoint (as moby's image router {@code Backend}):
 * {@link ImagesResource} only maps HTTP to these calls and their answers back.
 */
interface ImagesBackend {

    /** docker image import's parameters (POST /images/create with fromSrc). */
    record ImportRequest(String fromSrc, String repo, String tag, String message, List<String> changes,
                         String platform) {
    }

    /** docker pull's parameters (POST /images/create with fromImage) and the X-Registry-Auth header. */
    record PullRequest(String fromImage, String tag, String platform, String registryAuth) {
    }

    List<ImageSummary> list(ImageLister.Query query);

    ImageInspect inspect(String name, String apiVersion);

    List<ImageHistoryItem> history(String name);

    void tag(String name, String repo, String tag);

    List<ImageDeleteItem> remove(String name, boolean force, boolean noPrune);

    ImagePruneReport prune(String filtersJson);

    void load(InputStream tarball, boolean quiet, ProgressListener progress) throws IOException;

    /** Throws for what {@link #save} would refuse, before the answer starts. */
    void checkSave(List<String> names);

    void save(List<String> names, OutputStream out) throws IOException;

    void importRootfs(InputStream tar, ImportRequest request, ProgressListener progress) throws IOException;

    /** Checks the request now (errors are HTTP errors) and returns the pull to stream. */
    ProgressStream.Operation pull(PullRequest request);
}
