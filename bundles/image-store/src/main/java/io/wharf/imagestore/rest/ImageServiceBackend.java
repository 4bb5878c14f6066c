package io.wharf.imagestore.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.support.ProgressStream;
import io.wharf.support.Times;
import io.wharf.support.DockerfileChanges;
import io.wharf.support.ImagePolicies;
import io.wharf.support.Filters;
import io.wharf.support.Json;
import io.wharf.support.QueryValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The image endpoints' backend over the {@link ImageService} interface (any image store) and the registry client. */
final class ImageServiceBackend implements ImagesBackend {
    private final ImageService images;
    private final ContainerLayerStore layers;
    private final Supplier<DistributionService> distribution;
    private final ImagePolicies policies;
    private final ImageLister lister;

    /**
     * @param layers       for the storage driver's name in inspect (may be null)
     * @param distribution the registry client, or null while its bundle is not running
     * @param policies     asked before a pull
     */
    ImageServiceBackend(ImageService images, ContainerLayerStore layers, Supplier<DistributionService> distribution,
                        ImagePolicies policies) {
        this.images = images;
        this.layers = layers;
        this.distribution = distribution;
        this.policies = policies;
        this.lister = new ImageLister(images);
    }

    @Override
    public List<ImageSummary> list(ImageLister.Query query) {
        return lister.list(query);
    }

    @Override
    public ImageInspect inspect(String name, String apiVersion) {
        Image img = images.inspect(name);
        ImageConfig c = img.config();
        List<String> diffIds = c.diffIds().stream().map(Digest::toString).toList();
        // docker commit records the container it came from, as moby's V1Image; shown before API 1.45 (an image
        // from no container has neither field here, where moby shows a zero-valued config)
        JsonNode raw = QueryValues.apiVersionBefore(apiVersion, "1.45") ? rawConfig(img) : null;
        return new ImageInspect(img.id().toString(), img.repoTags(), img.repoDigests(),
                img.parent() == null ? "" : img.parent().toString(), nz(c.comment()), c.created(),
                raw == null ? null : nullIfEmpty(raw.path("container").asText("")),
                raw == null || !raw.path("container_config").isObject() ? null : raw.get("container_config"),
                nz(c.dockerVersion()), nz(c.author()), c.config(), nz(c.architecture()),
                c.variant() == null || c.variant().isEmpty() ? null : c.variant(), nz(c.os()), img.size(),
                QueryValues.apiVersionBefore(apiVersion, "1.44") ? img.size() : null,
                new ImageInspect.GraphDriver(layers == null ? "" : layers.driverName(), Map.of()),
                new ImageInspect.RootFs("layers", diffIds),
                new ImageInspect.Metadata(img.lastTagTime() == null ? Times.ZERO
                        : Times.rfc3339Nano(img.lastTagTime())));
    }

    /** The stored config, for what the model does not keep (a commit's {@code container} and {@code container_config}). */
    private static JsonNode rawConfig(Image img) {
        try {
            return Json.WITHOUT_NULLS.readTree(img.rawConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("the stored config of " + img.id() + " is not JSON", e);
        }
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public List<ImageHistoryItem> history(String name) {
        return images.history(name).stream().map(ImageHistoryItem::from).toList();
    }

    @Override
    public void tag(String name, String repo, String tag) {
        images.tag(name, repoTag(repo, tag, true));
    }

    /** Docker's RepoTagReference: repo (which may carry a tag) plus an optional tag; latest by default. */
    static ImageReference repoTag(String repo, String tag, boolean required) {
        if (repo == null || repo.isEmpty()) {
            if (required) {
                throw EngineException.invalid("repository name must have at least one component");
            }
            return null;
        }
        ImageReference ref = ImageReference.parse(repo);
        if (ref.digest() != null) {
            throw EngineException.invalid("cannot import digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            return ref.withTag(tag);
        }
        return ref.withDefaultTag();
    }

    @Override
    public List<ImageDeleteItem> remove(String name, boolean force, boolean noPrune) {
        return images.remove(name, force, noPrune).stream().map(ImageDeleteItem::from).toList();
    }

    @Override
    public ImagePruneReport prune(String filtersJson) {
        Filters filters = Filters.parse(filtersJson);
        filters.validate(Set.of("dangling", "label", "label!", "until"));
        Boolean dangling = filters.bool("dangling");
        boolean all = Boolean.FALSE.equals(dangling);
        List<String> labels = new ArrayList<>(filters.get("label"));
        filters.get("label!").forEach(l -> labels.add("!" + l));
        List<String> until = filters.get("until");
        if (until.size() > 1) {
            throw EngineException.invalid("more than one until filter specified");
        }
        return ImagePruneReport.from(images.prune(all, labels, until.isEmpty() ? null : until.get(0)));
    }

    @Override
    public void load(InputStream tarball, boolean quiet, ProgressListener progress) throws IOException {
        images.load(tarball, m -> {
            if (!quiet || m.status() == null) {
                progress.onProgress(m);
            }
        });
    }

    @Override
    public void checkSave(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw EngineException.invalid("no images specified");
        }
        images.checkSave(names);
    }

    @Override
    public void save(List<String> names, OutputStream out) throws IOException {
        images.save(names, out);
    }

    @Override
    public void importRootfs(InputStream tar, ImportRequest request, ProgressListener progress) throws IOException {
        if (request.fromSrc() == null || request.fromSrc().isEmpty()) {
            throw EngineException.invalid("either fromImage or fromSrc must be given");
        }
        if (!request.fromSrc().equals("-")) {
            throw EngineException.notImplemented("importing from a URL is not available yet: use fromSrc=-");
        }
        ImageReference ref = repoTag(request.repo(), request.tag(), false);
        ContainerConfig config = DockerfileChanges.apply(request.changes(), ContainerConfig.empty());
        Platform p = platform(request.platform());
        String message = request.message();
        ImageConfig template = new ImageConfig(p == null ? null : p.architecture(), p == null ? null : p.os(),
                p == null ? null : p.variant(), null, null, message == null || message.isEmpty() ? null : message,
                null, config, null, null);
        images.importRootfs(tar, template, ref, progress);
    }

    /** docker pull: moby's postImagesCreate with fromImage; an empty tag on an untagged name pulls every tag. */
    @Override
    public ProgressStream.Operation pull(PullRequest request) {
        DistributionService d = distribution == null ? null : distribution.get();
        if (d == null) {
            throw EngineException.notImplemented("pull is not available: the registry client bundle is not running");
        }
        ImageReference ref = ImageReference.parse(request.fromImage());
        String tag = request.tag();
        if (tag != null && !tag.isEmpty()) {
            ref = Digest.isDigest(tag) ? ref.nameOnly().withDigest(Digest.parse(tag)) : ref.withTag(tag);
        }
        boolean allTags = ref.tag() == null && ref.digest() == null;
        policies.checkPull(ref);
        Platform p = platform(request.platform());
        RegistryAuth auth = decodeAuth(request.registryAuth());
        ImageReference target = ref;
        return listener -> d.pull(target, p, allTags, auth, listener);
    }

    private static Platform platform(String platform) {
        return platform == null || platform.isEmpty() ? null : Platform.parse(platform);
    }

    /** X-Registry-Auth: base64url JSON; like dockerd, an undecodable header means no credentials. */
    static RegistryAuth decodeAuth(String header) {
        if (header == null || header.isBlank()) {
            return RegistryAuth.anonymous();
        }
        String text = header.trim().replace('+', '-').replace('/', '_').replaceAll("=+$", "");
        try {
            RegistryAuth auth = Json.WITHOUT_NULLS.readValue(Base64.getUrlDecoder().decode(text), RegistryAuth.class);
            return auth == null ? RegistryAuth.anonymous() : auth;
        } catch (IOException | IllegalArgumentException e) {
            return RegistryAuth.anonymous();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
