package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Platform;
import io.wharf.containers.create.ConfigMerger;
import io.wharf.containers.create.HostConfigValidator;
import io.wharf.containers.create.MacAddressMigration;
import io.wharf.containers.create.MountResolver;
import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.create.PortSpecs;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.CreateRequest;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import io.wharf.containers.store.NameGenerator;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** POST /containers/create: name, image, merged configuration, validation, RW layer and the stored record. */
public final class ContainerCreator {
    public static final String LOG_FILE = "container.log";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ContainerStore store;
    private final ContainerIndex index;
    private final ImageService images;
    private final ContainerLayerStore layers;
    private final Supplier<HostConfigValidator> validator;
    private final EngineSettings settings;
    private final Events events;
    private final ContainerNetworks networks;
    private final ContainerVolumes volumes;
    private final NameGenerator names = new NameGenerator();

    public record Created(String id, List<String> warnings) {
    }

    public ContainerCreator(ContainerStore store, ContainerIndex index, ImageService images,
                            ContainerLayerStore layers, Supplier<HostConfigValidator> validator,
                            EngineSettings settings, Events events, ContainerNetworks networks,
                            ContainerVolumes volumes) {
        this.store = store;
        this.index = index;
        this.images = images;
        this.layers = layers;
        this.validator = validator;
        this.settings = settings;
        this.events = events;
        this.networks = networks;
        this.volumes = volumes;
    }

    /** A create at the current API version. */
    public Created create(String requestedName, String platform, byte[] body) {
        return create(requestedName, platform, null, body);
    }

    public Created create(String requestedName, String platform, String apiVersion, byte[] body) {
        return create(requestedName, platform, apiVersion, body, (reference, image) -> { });
    }

    /**
     * A create whose image must also pass {@code admission} (the image policies, for a client's create): it gets
     * the image reference of the request and the image it resolved to, and throws to refuse.
     */
    public Created create(String requestedName, String platform, String apiVersion, byte[] body,
                          BiConsumer<String, Image> admission) {
        CreateRequest request = CreateRequest.parse(body);
        ContainerConfigJson config = request.config();
        HostConfig hc = request.hostConfig();
        if (config.image == null || config.image.isEmpty()) {
            throw EngineException.invalid("Config.Image must be set to create a container");
        }
        String name = requestedName == null || requestedName.isEmpty() ? null
                : ContainerIndex.normalizeName(requestedName);
        settings.defaults().applyTo(hc);
        Image image = images.inspect(config.image);
        admission.accept(config.image, image);
        checkPlatform(image, platform, config.image);
        ConfigMerger.merge(config, image.config().config());
        List<String> warnings = new ArrayList<>(validator.get().validateCreate(config, hc));
        NetworkMode network = NetworkMode.parse(hc.networkMode);
        if (network.kind() == NetworkMode.Kind.CONTAINER) {
            index.get(network.container());
        }
        for (String mode : new String[] {hc.ipcMode, hc.pidMode}) {
            if (mode != null && mode.startsWith("container:")) {
                index.get(mode.substring("container:".length()));
            }
        }
        List<ContainerRecord.MountPointRecord> mounts = MountResolver.resolve(hc);
        PortSpecs.validate(config, hc);
        var endpoints = networks.initial(network, request.networkingConfig());
        String macWarning = MacAddressMigration.apply(config, network, endpoints, apiVersion);
        if (macWarning != null) {
            warnings.add(macWarning);
        }

        String id = newId();
        if (config.hostname == null || config.hostname.isEmpty()) {
            config.hostname = switch (network.kind()) {
                case HOST -> settings.hostHostname();
                case CONTAINER -> "";
                case NONE, BRIDGE, NETWORK -> id.substring(0, 12);
            };
        }
        if (config.domainname == null) {
            config.domainname = "";
        }
        List<String> command = new ArrayList<>();
        if (config.entrypoint != null && !config.entrypoint.isEmpty()) {
            command.addAll(config.entrypoint);
            if (config.cmd != null) {
                command.addAll(config.cmd);
            }
        } else {
            command.addAll(config.cmd);
        }
        Path dir = store.dirOf(id);
        String reserved = reserveName(name, id);
        ContainerRecord record = new ContainerRecord(id, Times.rfc3339Nano(Instant.now()), reserved, command.get(0),
                new ArrayList<>(command.subList(1, command.size())), config, image.id().toString(),
                layers.driverName(), dir.resolve(LOG_FILE).toString(), mounts, endpoints);
        Container container = new Container(record, hc, dir);
        boolean layerCreated = false;
        try {
            volumes.resolveAtCreate(mounts, record, hc);
            layers.create(id, image.id());
            layerCreated = true;
            synchronized (container) {
                store.save(container);
            }
        } catch (IOException | RuntimeException e) {
            index.releaseName(record.name(), id);
            volumes.removeAnonymous(record);
            if (layerCreated) {
                try {
                    layers.remove(id);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            try {
                store.delete(id);
            } catch (IOException ignored) {
                // best effort
            }
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw EngineException.system("cannot create container: " + e.getMessage(), e);
        }
        index.add(container);
        events.container(container, "create");
        return new Created(id, warnings);
    }

    private String reserveName(String name, String id) {
        if (name != null) {
            index.reserveName(name, id);
            return name;
        }
        for (int attempt = 0; ; attempt++) {
            String candidate = "/" + names.generate(attempt);
            if (!index.isNameTaken(candidate)) {
                try {
                    index.reserveName(candidate, id);
                    return candidate;
                } catch (EngineException raced) {
                    // another create took it meanwhile: try another
                }
            }
        }
    }

    private static void checkPlatform(Image image, String platform, String reference) {
        if (platform == null || platform.isBlank()) {
            return;
        }
        Platform wanted = Platform.parse(platform);
        Platform actual = image.config().platform();
        boolean matches = wanted.os().equals(actual.os())
                && (actual.architecture() == null || wanted.architecture().equals(actual.architecture()))
                && (wanted.variant() == null || actual.variant() == null || wanted.variant().equals(actual.variant()));
        if (!matches) {
            throw EngineException.notFound("image with reference %s was found but its platform (%s) does not "
                    + "match the specified platform (%s)", reference, actual, wanted);
        }
    }

    static String newId() {
        while (true) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            // like moby's stringid: a short ID that is all digits would be taken for a number
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }
}
