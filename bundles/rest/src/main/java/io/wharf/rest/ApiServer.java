package io.wharf.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.rest.HijackedEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker API server: Jetty listening on every configured address, the hijack handler for raw streams, and
 * Jersey serving the resources other bundles contribute. Resource changes are coalesced into one Jersey reload.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final long RELOAD_DELAY_MS = 100;
    private static final long STARTUP_WAIT_SECONDS = 60;
    private static final int IDLE_THREAD_MILLIS = 5000;

    private final List<Listener> listeners;
    private final String socketGroup;
    private final RequestMetrics requestMetrics = new RequestMetrics();
    private final JerseyApplication jersey = new JerseyApplication(requestMetrics);
    private final List<Object> resources = new CopyOnWriteArrayList<>();
    private final EngineSettling settling = new EngineSettling();
    private final LateStart lateStart = new LateStart();
    private final ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wharf-rest-reload");
        t.setDaemon(true);
        return t;
    });
    private Server server;
    private final String serverHeader;
    private final TlsSettings tls;
    private final String corsHeader;
    private final List<StagedUnixSocket> stagedSockets = new ArrayList<>();
    private final HijackHandler hijack;
    private final StreamWorkers workers = StreamWorkers.configured();
    private ClientWatch clients;
    private volatile java.util.function.Supplier<io.wharf.api.rest.RequestAuthorizer> authorizer = () -> null;
    private final java.util.concurrent.CompletableFuture<Void> jerseyReady =
            new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.CompletableFuture<Void> startupComplete =
            new java.util.concurrent.CompletableFuture<>();
    private volatile ServingJersey serving;
    /** The newest application waiting for its warm-up, null when none waits. */
    private final java.util.concurrent.atomic.AtomicReference<ServingJersey> warmUpPending =
            new java.util.concurrent.atomic.AtomicReference<>();
    private List<Object> builtWith = List.of();
    /** Whether the served application reports answered requests (built with the route timing filter). */
    private boolean builtTimed;
    private ScheduledFuture<?> pendingReload;
    /** Set when the start-up build takes the resources: only changes after that schedule a reload. */
    private boolean reloadsScheduled;
    private final java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param hosts       the -H addresses
     * @param socketGroup group owning unix sockets (null: root's)
     * @param serverHeader value of the Server header
     */
    public ApiServer(List<String> hosts, String socketGroup, String serverHeader, List<Object> initialResources) {
        this(hosts, null, null, socketGroup, serverHeader, initialResources);
    }

    /**
     * @param tls TLS for TCP listeners, or null for plain TCP (refused on anything but loopback)
     * @param corsHeader dockerd's {@code api-cors-header}: origins whose web pages may use TCP listeners (null: none)
     */
    ApiServer(List<String> hosts, TlsSettings tls, String corsHeader, String socketGroup, String serverHeader,
              List<Object> initialResources) {
        this.tls = tls;
        this.corsHeader = corsHeader;
        this.listeners = hosts.stream().map(h -> Listener.parse(h, tls != null)).toList();
        if (listeners.stream().filter(l -> l.scheme().equals("fd")).count() > 1) {
            throw EngineException.invalid("wharfd serves one socket-activated listener: give -H fd:// once");
        }
        for (Listener l : listeners) {
            if (l.scheme().equals("tcp") && !l.isLoopback() && (tls == null || !tls.verifyClients())) {
                throw EngineException.invalid("refusing to listen on %s:%d without TLS client verification "
                        + "(--tlsverify): plain TCP is only allowed on loopback addresses", l.host(), l.port());
            }
        }
        this.socketGroup = socketGroup;
        this.resources.addAll(initialResources);
        this.serverHeader = serverHeader;
        this.hijack = new HijackHandler(null, workers, requestMetrics); // endpoints may be added before the server starts
    }

    /**
     * What dockerd's Go router accepts and real clients send: docker-java encodes the slash of an image name
     * ({@code localhost%2Fname:tag}), others its colon or a percent sign. Encoded {@code ..} segments stay refused.
     */
    static final UriCompliance DOCKER_CLIENT_URIS = UriCompliance.DEFAULT.with("docker-clients",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

    public synchronized void start() throws Exception {
        // Jersey's bootstrap loads far more classes than Jetty's: it runs beside Jetty's start, not after it
        bootstrapJersey();
        try {
            startJetty();
        } catch (Exception | Error e) {
            startupComplete.cancel(false); // ends the bootstrap: nothing will be served
            throw e;
        }
        for (Listener l : listeners) {
            LOG.info("API listening on {} ({} ms after process start)", describe(l), sinceProcessStart());
        }
    }

    private static String describe(Listener l) {
        return switch (l.scheme()) {
            case "unix" -> l.socketPath().toString();
            case "fd" -> "the socket-activated " + (l.port() == Listener.ALL_FDS ? "fd://" : "fd://" + l.port());
            default -> l.host() + ":" + l.port();
        };
    }

    /** Completes when the API answers with every resource of the started daemon (sd_notify READY=1 then). */
    public java.util.concurrent.CompletionStage<Void> ready() {
        return jerseyReady.minimalCompletionStage();
    }

    private void startJetty() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(256, 4);
        threads.setName("wharf-api");
        // a burst of connections leaves no crowd of idle threads (Jetty retires one per idle timeout by default)
        threads.setIdleTimeout(IDLE_THREAD_MILLIS);
        threads.setMaxEvictCount(256);
        server = new Server(threads);
        clients = new ClientWatch();
        hijack.setHandler(new AuthorizedResponses(
                new WorkerDispatch(workers, clients, new JerseyGate(jerseyReady, () -> serving)), authorizer));
        Handler api = new AuthorizationHandler(new PingHandler(
                new RequestBodyLimit(new SettlingHold(hijack, settling, lateStart, jerseyReady, this::answered)), requestMetrics),
                authorizer, jerseyReady);
        if (tls == null || !tls.verifyClients()) {
            api = new BrowserRequestGuard(api, new BrowserRequestPolicy(corsHeader)); // TCP a web page can reach
        }
        server.setHandler(new RequestLogHandler(new InterruptedRequests(new ApiVersionHandler(api, serverHeader))));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setUriCompliance(DOCKER_CLIENT_URIS);
        // what a request without Host (HTTP/1.0 allows it) is taken to address; Jetty would use the socket's path
        http.setServerAuthority(new org.eclipse.jetty.util.HostPort("localhost"));
        for (Listener l : listeners) {
            if (l.scheme().equals("unix")) {
                StagedUnixSocket staged = StagedUnixSocket.prepare(l.socketPath());
                stagedSockets.add(staged);
                UnixDomainServerConnector unix = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
                unix.setUnixDomainPath(staged.bindPath());
                unix.setIdleTimeout(TimeUnit.MINUTES.toMillis(30));
                server.addConnector(unix);
            } else if (l.scheme().equals("fd")) {
                UnixDomainServerConnector inherited = InheritedSocket.connector(server, l,
                        new HttpConnectionFactory(http));
                inherited.setIdleTimeout(TimeUnit.MINUTES.toMillis(30));
                server.addConnector(inherited);
            } else {
                ServerConnector tcp = tls == null
                        ? new KeepAliveConnector(server, new HttpConnectionFactory(http))
                        : new KeepAliveConnector(server, new SslConnectionFactory(tls.contextFactory(), "http/1.1"),
                                new HttpConnectionFactory(http));
                tcp.setHost(l.host());
                tcp.setPort(l.port());
                tcp.setIdleTimeout(TimeUnit.MINUTES.toMillis(30));
                server.addConnector(tcp);
            }
        }
        server.start();
        for (StagedUnixSocket staged : stagedSockets) {
            staged.publish(socketGroup);
        }
    }

    /** Jersey bootstraps in the background; requests that need it wait in {@link JerseyGate}. */
    private void bootstrapJersey() {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                List<Object> initial = List.copyOf(resources);
                boolean timed = requestMetrics.active();
                JettyHttpContainer created = build(initial, timed);
                synchronized (this) {
                    serving = new ServingJersey(created, RouteTable.of(initial));
                    builtWith = initial;
                    builtTimed = timed;
                }
                LOG.info("Jersey built in {} ms ({} ms after process start)", (System.nanoTime() - t0) / 1_000_000,
                        sinceProcessStart());
                // Serve once every bundle of the daemon has started, with all the resources they registered,
                // so that a client never sees a 404 for an endpoint that is merely still starting.
                // Resources registered meanwhile are all taken by this one rebuild, not one rebuild per burst.
                startupComplete.get(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS);
                reloadAfterStartup();
                LOG.info("API ready ({} ms after process start)", sinceProcessStart());
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("the daemon's bundles did not finish starting in {} s; serving what is there",
                        STARTUP_WAIT_SECONDS);
                reloadAfterStartup();
            } catch (java.util.concurrent.CancellationException e) {
                jerseyReady.cancel(false); // closed or failed while starting
            } catch (Exception | Error e) {
                LOG.error("Jersey failed to start", e);
                jerseyReady.completeExceptionally(e);
            }
        }, "wharf-jersey-bootstrap");
        t.setDaemon(true);
        t.start();
    }

    private void reloadAfterStartup() {
        synchronized (this) {
            reloadsScheduled = true;
        }
        reload();
        jerseyReady.complete(null);
        ServingJersey current = serving;
        if (current != null) {
            warmUpInBackground(current);
        }
    }

    /**
     * After the gate opened or the application was switched: no answer waits for this. One warm-up at a time, of
     * the newest application only, so a burst of reloads (hot swaps) does not run a list per reload.
     */
    private void warmUpInBackground(ServingJersey application) {
        if (warmUpPending.getAndSet(application) != null) {
            return; // the running warm-up thread takes the newest when it is done
        }
        Thread warmUp = new Thread(() -> {
            ServingJersey next;
            while ((next = warmUpPending.get()) != null) {
                next.warmUp();
                warmUpPending.compareAndSet(next, null);
            }
        }, "wharf-rest-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private JettyHttpContainer build(List<Object> with, boolean timed) {
        builds.incrementAndGet();
        return jersey.create(with, timed);
    }

    /** Where answered requests are reported (the metrics service, once one is bound). */
    RequestMetrics requestMetrics() {
        return requestMetrics;
    }

    /**
     * Reports answered requests to {@code metrics} from now on. Jersey's application is rebuilt with its timing
     * filter (requests wait for it like for any reload), so that without metrics no request pays for timing.
     */
    void bindMetrics(EngineMetrics metrics) {
        requestMetrics.bind(metrics);
        scheduleReload();
    }

    void unbindMetrics(EngineMetrics metrics) {
        requestMetrics.unbind(metrics);
        scheduleReload();
    }

    /** How many Jersey applications were built (for tests: start-up must not build one per resource). */
    int builds() {
        return builds.get();
    }

    /** Where bundle swaps are reported, so that requests wait for the engine to settle. */
    EngineSettling settling() {
        return settling;
    }

    /** Called when the framework has started every bundle (or at once when the REST bundle starts later). */
    public void startupComplete() {
        startupComplete.complete(null);
    }

    /** The framework has started the bundles the API needs and starts the late ones now ({@link LateStart}). */
    void lateStartBegins() {
        lateStart.begin();
    }

    /** The late bundles have started. */
    void lateStartComplete() {
        lateStart.complete();
    }

    boolean lateStarting() {
        return lateStart.inProgress();
    }

    /** Whether a route served now (raw stream or Jersey resource) answers this method and path. */
    private boolean answered(String method, String path) {
        ServingJersey current = serving;
        return hijack.claims(method, path) || (current != null && current.routes().answers(method, path));
    }

    private static long sinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
    }

    private final Object reloadLock = new Object();

    public void addResource(Object resource) {
        resources.add(resource);
        scheduleReload();
    }

    public void removeResource(Object resource) {
        resources.remove(resource);
        scheduleReload();
    }

    /** Where authorization plugins are consulted (dockerd's authz middleware); before {@link #start()}. */
    public void authorizeWith(java.util.function.Supplier<io.wharf.api.rest.RequestAuthorizer> authorizer) {
        this.authorizer = authorizer;
    }

    public void addHijackedEndpoint(String pathPattern, HijackedEndpoint endpoint) {
        hijack.add(Pattern.compile(pathPattern), endpoint);
    }

    public void removeHijackedEndpoint(HijackedEndpoint endpoint) {
        hijack.remove(endpoint);
    }

    private synchronized void scheduleReload() {
        if (!reloadsScheduled) {
            return; // still starting: the start-up rebuild takes this change
        }
        if (pendingReload != null) {
            pendingReload.cancel(false);
        }
        if (lateStart.inProgress()) {
            settling.additionRequested(); // a late bundle's first start: its routes come, none goes
        } else {
            settling.reloadRequested();
        }
        pendingReload = reloader.schedule(this::reload, RELOAD_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Builds a new Jersey application with the current resources and switches new requests to it; the previous
     * one is shut down when its last request ends. One rebuild at a time, so that the newest resources win.
     */
    private void reload() {
        synchronized (reloadLock) {
            long serves = settling.reloadsRequested(); // read before the resources: later changes need another
            try {
                rebuild();
            } finally {
                settling.reloadDone(serves); // a failed build keeps the previous application: nothing to wait for
            }
        }
    }

    private void rebuild() {
        List<Object> wanted = List.copyOf(resources);
        boolean timed = requestMetrics.active();
        synchronized (this) {
            if (serving == null || (wanted.equals(builtWith) && timed == builtTimed)) {
                return;
            }
        }
        long start = System.nanoTime();
        // a failure leaves builtWith: the next reload retries
        ServingJersey fresh = new ServingJersey(build(wanted, timed), RouteTable.of(wanted));
        ServingJersey old;
        synchronized (this) {
            old = serving;
            serving = fresh;
            builtWith = wanted;
            builtTimed = timed;
        }
        LOG.info("REST resources reloaded in {} ms ({} ms after process start)",
                (System.nanoTime() - start) / 1_000_000, sinceProcessStart());
        if (jerseyReady.isDone()) { // the start-up build is warmed once the gate opened
            warmUpInBackground(fresh);
        }
        // shutting the old application down (its injection manager and every provider in it) is nothing a
        // request waits for: at start-up the gate opens first
        try {
            reloader.execute(old::retire);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            old.retire();
        }
    }

    @Override
    public synchronized void close() throws Exception {
        startupComplete.cancel(false);
        lateStart.complete();
        reloader.shutdownNow();
        if (server != null) {
            try {
                server.stop();
            } finally {
                for (Listener l : listeners) {
                    if (l.scheme().equals("unix")) {
                        Files.deleteIfExists(l.socketPath());
                    } else if (l.scheme().equals("fd")) {
                        io.wharf.linux.SocketActivation.restoreStandardStreams();
                    }
                }
            }
        }
        server = null;
        serving = null;
        if (clients != null) {
            clients.close();
        }
        workers.close();
    }

    /** Connections open on all listeners (for tests: a connection whose client left must not stay). */
    synchronized int openConnections() {
        return server == null ? 0 : java.util.Arrays.stream(server.getConnectors())
                .mapToInt(c -> c.getConnectedEndPoints().size()).sum();
    }
}
