package com.example.wharf.imagepolicy;

import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules: where images may come from (registries, or repositories, {@code NAMESPACE/*} for all of a namespace)
 * and which labels an image to run must carry ({@code key} or {@code key=value}). With neither registries nor
 * repositories listed, any source is allowed. A pull is judged by the name pulled; a run by where the image came
 * from, its repo digests, so that a local {@code docker tag} cannot make an image look allowed.
 */
final class Allowlist {
    private final List<String> registries;
    private final List<String> repositories;
    private final Map<String, String> requiredLabels;

    Allowlist(List<String> registries, List<String> repositories, Map<String, String> requiredLabels) {
        this.registries = List.copyOf(registries);
        this.repositories = repositories.stream().map(Allowlist::normalizeRepository).toList();
        this.requiredLabels = Map.copyOf(requiredLabels);
    }

    /** From the configuration's comma- or space-separated lists; a label without {@code =} only has to be there. */
    static Allowlist parse(String registries, String repositories, String requiredLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : items(requiredLabels)) {
            int eq = label.indexOf('=');
            labels.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
        }
        return new Allowlist(items(registries), items(repositories), labels);
    }

    /** The rules, for {@code GET /vendor/example/image-policy}. */
    Map<String, Object> describe() {
        return Map.of("Registries", registries, "Repositories", repositories, "RequiredLabels", requiredLabels);
    }

    PolicyDecision checkPull(ImageReference reference) {
        return allowedSource(reference) ? PolicyDecision.allow()
                : PolicyDecision.deny(reference.name() + " is not in an allowed registry or repository");
    }

    PolicyDecision checkRun(ImageToRun image) {
        if (!registries.isEmpty() || !repositories.isEmpty()) {
            boolean fromAllowed = image.repoDigests().stream().map(Allowlist::reference).flatMap(Optional::stream)
                    .anyMatch(this::allowedSource);
            if (!fromAllowed) {
                return PolicyDecision.deny(image.reference() + " was not pulled from an allowed registry or "
                        + "repository");
            }
        }
        for (Map.Entry<String, String> label : requiredLabels.entrySet()) {
            String value = image.labels().get(label.getKey());
            if (value == null || (!label.getValue().isEmpty() && !label.getValue().equals(value))) {
                return PolicyDecision.deny(image.reference() + " lacks the label " + label.getKey()
                        + (label.getValue().isEmpty() ? "" : "=" + label.getValue()));
            }
        }
        return PolicyDecision.allow();
    }

    private boolean allowedSource(ImageReference reference) {
        if (registries.isEmpty() && repositories.isEmpty()) {
            return true;
        }
        String name = reference.name();
        return registries.contains(reference.domain()) || repositories.stream().anyMatch(allowed ->
                allowed.endsWith("/*") ? name.startsWith(allowed.substring(0, allowed.length() - 1))
                        : name.equals(allowed));
    }

    /** {@code busybox} is {@code docker.io/library/busybox} and {@code acme/*} is {@code docker.io/acme/*}, as pulls. */
    private static String normalizeRepository(String repository) {
        if (repository.endsWith("/*")) {
            String any = ImageReference.parse(repository.substring(0, repository.length() - 1) + "x").name();
            return any.substring(0, any.length() - 1) + "*";
        }
        return ImageReference.parse(repository).name();
    }

    private static Optional<ImageReference> reference(String name) {
        return ImageReference.isValid(name) ? Optional.of(ImageReference.parse(name)) : Optional.empty();
    }

    private static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        if (list != null) {
            for (String item : list.split("[,\\s]+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }
}
