package io.wharf.networks.core;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.network.ConnectRequest;
import io.wharf.networks.ipam.AddressPools;
import io.wharf.networks.ipam.Ipam;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.ports.PortAllocator;
import io.wharf.networks.ports.PortRange;
import io.wharf.networks.store.NetworkStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A network service on a temporary data root with fake drivers, DNS and events, as after a daemon start. */
public final class Harness {
    public final Path root;
    public final Map<String, Object> config = new HashMap<>();
    public final List<Cidr> hostRoutes = new ArrayList<>();
    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final FakeDriver bridge = new FakeDriver("bridge", true);
    public final FakeDriver host = new FakeDriver("host", false);
    public final FakeDriver none = new FakeDriver("null", false);
    public FakeDns dns;
    public NetworkManager manager;
    public PortAllocator ports;
    /** Resolvers and IPAM drivers a test adds before {@link #start} reach the manager through these. */
    public final NetworkDrivers drivers = new NetworkDrivers();
    public final ExternalIpam externalIpam = new ExternalIpam();

    public Harness(Path root) {
        this.root = root;
    }

    /** The default bridge as the daemon.json keys in {@link #config} shape it. */
    public DefaultBridgeSettings bridgeSettings() {
        Object mtu = config.get("mtu");
        return new DefaultBridgeSettings((String) config.getOrDefault("bip", ""),
                (String) config.getOrDefault("fixed-cidr", ""), (String) config.getOrDefault("bridge", "wharf0"),
                mtu == null ? 1500 : ((Number) mtu).intValue(), true, (Boolean) config.getOrDefault("icc", true),
                (String) config.getOrDefault("ip", "0.0.0.0"), Boolean.TRUE.equals(config.get("ipv6")),
                (String) config.getOrDefault("fixed-cidr-v6", ""));
    }

    /** Starts a manager on the data root, as a daemon start does; {@code drivers} are there from the start. */
    public NetworkManager start(FakeDriver... drivers) throws Exception {
        dns = new FakeDns();
        ports = new PortAllocator((protocol, ip, port) -> true, new PortRange(40000, 40100));
        manager = new NetworkManager(new NetworkStore(root.resolve("network")),
                new Ipam(AddressPools.defaults(), () -> hostRoutes), ports, dns,
                new NetworkEvents(() -> new RecordingBus(events::add)), Clock.systemUTC(), this.drivers, externalIpam);
        for (FakeDriver d : drivers) {
            manager.driverAdded(d.name(), d);
        }
        manager.start(new PredefinedNetworks(bridgeSettings()));
        return manager;
    }

    public NetworkManager startAll() throws Exception {
        return start(bridge, host, none);
    }

    public static ConnectRequest connect(String network, String containerId, String name) {
        return new ConnectRequest(network, containerId, name, "/proc/self/ns/net", null, null, List.of(), List.of(),
                List.of());
    }

    public static CreateNetwork network(String name) {
        return new CreateNetwork(name, "", false, false, null, null, null, null);
    }

    public List<String> actions() {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.add(e.type() + " " + e.action());
        }
        return out;
    }

    private record RecordingBus(Consumer<Event> sink) implements EventBus {
        @Override
        public void publish(Event event) {
            sink.accept(event);
        }

        @Override
        public List<Event> history(long sinceNano) {
            return List.of();
        }

        @Override
        public AutoCloseable subscribe(Consumer<Event> subscriber) {
            return () -> { };
        }
    }
}
