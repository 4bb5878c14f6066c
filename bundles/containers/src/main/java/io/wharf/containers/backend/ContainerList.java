package io.wharf.containers.backend;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.rest.ContainerSize;
import io.wharf.containers.rest.ContainerSummaryBody;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.support.Filters;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** GET /containers/json: moby's list with its filters, newest first. */
final class ContainerList {
    private static final Set<String> FILTERS = Set.of("id", "name", "label", "label!", "status", "exited",
            "ancestor", "before", "since", "volume", "network", "health", "is-task", "publish", "expose");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    private final ContainerIndex index;
    private final ImageService images;
    private final ContainerSizes sizes;

    ContainerList(ContainerIndex index, ImageService images, ContainerSizes sizes) {
        this.index = index;
        this.images = images;
        this.sizes = sizes;
    }

    private record Entry(Container container, Instant created) {
    }

    List<ContainerSummaryBody> list(boolean all, int limit, boolean size, Filters f) {
        f.validate(FILTERS);
        for (String s : f.get("status")) {
            if (!STATUSES.contains(s)) {
                throw EngineException.invalid("invalid filter 'status=%s'", s);
            }
        }
        for (String h : f.get("health")) {
            if (!HEALTH.contains(h)) {
                throw EngineException.invalid("invalid filter 'health=%s'", h);
            }
        }
        List<Integer> exited = new ArrayList<>();
        for (String e : f.get("exited")) {
            try {
                exited.add(Integer.parseInt(e));
            } catch (NumberFormatException ex) {
                throw EngineException.invalid("invalid filter 'exited=%s'", e);
            }
        }
        List<Pattern> names = new ArrayList<>();
        for (String n : f.get("name")) {
            try {
                names.add(Pattern.compile(n));
            } catch (PatternSyntaxException e) {
                throw EngineException.invalid("invalid filter 'name=%s'", n);
            }
        }
        Instant before = boundary(f.get("before"));
        Instant since = boundary(f.get("since"));
        List<String> ancestorIds = new ArrayList<>();
        for (String a : f.get("ancestor")) {
            try {
                Image img = images.inspect(a);
                ancestorIds.add(img.id().toString());
            } catch (EngineException e) {
                ancestorIds.add("\0no-such-image"); // moby: an unknown ancestor matches nothing
            }
        }
        // moby: status filters other than running/paused/restarting imply all
        boolean showAll = all || limit > 0 || f.has("status") && !f.get("status").stream()
                .allMatch(s -> s.equals("running") || s.equals("paused") || s.equals("restarting"))
                || f.has("exited");
        List<Entry> entries = new ArrayList<>();
        for (Container c : index.all()) {
            synchronized (c) {
                entries.add(new Entry(c, Times.parseRfc3339(c.record().created)));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.created() == null ? Instant.EPOCH : e.created())
                .reversed());
        List<ContainerSummaryBody> result = new ArrayList<>();
        Instant now = Instant.now();
        for (Entry e : entries) {
            Container c = e.container();
            ContainerSize measured = size ? sizes.of(c) : null;
            synchronized (c) {
                if (c.isRemoved()) {
                    continue;
                }
                StateRecord s = c.state();
                if (!showAll && !s.running) {
                    continue;
                }
                if (before != null && (e.created() == null || !e.created().isBefore(before))) {
                    continue;
                }
                if (since != null && (e.created() == null || !e.created().isAfter(since))) {
                    continue;
                }
                if (!matches(c, f, names, exited, ancestorIds)) {
                    continue;
                }
                result.add(ContainerSummaryBody.of(c, measured, e.created(), now));
            }
            if (limit > 0 && result.size() >= limit) {
                break;
            }
        }
        return result;
    }

    private Instant boundary(List<String> refs) {
        Instant result = null;
        for (String ref : refs) {
            Container c = index.get(ref);
            synchronized (c) {
                result = Times.parseRfc3339(c.record().created);
            }
        }
        return result;
    }

    private static boolean matches(Container c, Filters f, List<Pattern> names, List<Integer> exited,
                                   List<String> ancestorIds) {
        StateRecord s = c.state();
        if (f.has("id") && f.get("id").stream().noneMatch(id -> c.id().startsWith(id))) {
            return false;
        }
        if (!names.isEmpty() && names.stream().noneMatch(p -> p.matcher(c.record().name()).find())) {
            return false;
        }
        Map<String, String> labels = c.record().config.labelsOrEmpty();
        if (!Filters.matchLabels(f.get("label"), labels)) {
            return false;
        }
        for (String notLabel : f.get("label!")) {
            if (Filters.matchLabels(List.of(notLabel), labels)) {
                return false;
            }
        }
        if (f.has("status") && !f.get("status").contains(s.status())) {
            return false;
        }
        if (!exited.isEmpty() && (!"exited".equals(s.status()) || !exited.contains(s.exitCode))) {
            return false;
        }
        if (!ancestorIds.isEmpty() && !ancestorIds.contains(c.record().imageId)
                && !f.get("ancestor").contains(c.record().config.image)) {
            return false;
        }
        if (f.has("volume")) {
            boolean any = false;
            for (MountPointRecord m : c.record().mountPoints) {
                if (f.get("volume").contains(m.destination) || f.get("volume").contains(m.source)
                        || f.get("volume").contains(m.name)) {
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
        }
        if (f.has("network")) {
            boolean any = false;
            for (Map.Entry<String, EndpointRecord> n : c.record().networks().entrySet()) {
                if (f.get("network").contains(n.getKey()) || f.get("network").contains(n.getValue().networkId)) {
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
        }
        if (f.has("health")) {
            String h = s.health == null ? "none" : s.health.status;
            if (!f.get("health").contains(h)) {
                return false;
            }
        }
        if (f.has("is-task") && f.get("is-task").contains("true")) {
            return false; // no swarm tasks here
        }
        return true;
    }
}
