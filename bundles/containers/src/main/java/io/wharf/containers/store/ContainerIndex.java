package io.wharf.containers.store;

import io.wharf.api.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Containers by ID and by name, and the name reservations: Docker resolves a reference as a full ID, then a
 * name, then a unique ID prefix.
 */
public final class ContainerIndex {
    private static final Pattern VALID_NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    /** Validates a user-given name and returns it with a leading slash. */
    public static String normalizeName(String name) {
        if (!VALID_NAME.matcher(name).matches()) {
            throw EngineException.invalid("Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
                    name);
        }
        return name.startsWith("/") ? name : "/" + name;
    }

    /** Reserves {@code name} (with slash) for {@code id}; 409 with Docker's wording when it is taken. */
    public synchronized void reserveName(String name, String id) {
        String owner = idByName.get(name);
        if (owner != null && !owner.equals(id)) {
            throw EngineException.conflict("Conflict. The container name \"%s\" is already in use by container "
                    + "\"%s\". You have to remove (or rename) that container to be able to reuse that name.",
                    name, owner);
        }
        idByName.put(name, id);
    }

    public synchronized boolean isNameTaken(String name) {
        return idByName.containsKey(name);
    }

    public synchronized void releaseName(String name, String id) {
        idByName.remove(name, id);
    }

    public void add(Container c) {
        byId.put(c.id(), c);
    }

    public void remove(Container c) {
        byId.remove(c.id(), c);
        releaseName(c.name(), c.id());
    }

    public List<Container> all() {
        return new ArrayList<>(byId.values());
    }

    public Container find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        Container c = byId.get(ref);
        if (c != null) {
            return c;
        }
        String id = idByName.get(ref.startsWith("/") ? ref : "/" + ref);
        if (id != null && (c = byId.get(id)) != null) {
            return c;
        }
        if (!ref.matches("[a-f0-9]+")) {
            return null;
        }
        Container found = null;
        for (Container candidate : byId.values()) {
            if (candidate.id().startsWith(ref)) {
                if (found != null) {
                    throw EngineException.invalid("multiple IDs found with provided prefix: %s", ref);
                }
                found = candidate;
            }
        }
        return found;
    }

    /** Like {@link #find}, with Docker's 404 {@code No such container: X}. */
    public Container get(String ref) {
        Container c = find(ref);
        if (c == null) {
            throw EngineException.notFound("No such container: %s", ref);
        }
        return c;
    }
}
