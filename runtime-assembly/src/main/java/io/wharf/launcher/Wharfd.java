package io.wharf.launcher;

import io.wharf.support.FormatVersion;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** wharfd's entry point: reads the configuration, then runs the OSGi framework until it stops. */
public final class Wharfd {
    /** Set by any bundle that hits a fatal startup error before it stops the framework. */
    static final String EXIT_CODE_PROPERTY = "wharf.exitCode";
    /** How long a recording daemon must have run for its class archive to be kept (shorter in tests). */
    private static final long CLASS_ARCHIVE_MIN_RUN_MS = Long.getLong("wharf.cds.min-run-ms", 10_000);
    // Held here so that the levels set on them are not lost when java.util.logging drops unreferenced loggers.
    private static final java.util.logging.Logger JUL_ROOT = java.util.logging.Logger.getLogger("");
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    private Wharfd() {
    }

    public static void main(String[] args) {
        FelixBoot.trace("main entered");
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("wharfd: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (options.showHelp) {
            System.out.print(DaemonOptions.usage());
            return;
        }
        if (options.showVersion) {
            System.out.println("Wharf version " + Wharfd.class.getPackage().getImplementationVersion());
            return;
        }
        if (options.validateOnly) { // parse() has checked every key; dockerd says the same
            System.out.println("configuration OK");
            return;
        }
        try {
            System.exit(run(args, options));
        } catch (Exception e) {
            System.err.println("wharfd: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(String[] args, DaemonOptions options) throws Exception {
        Path home = Path.of(System.getProperty("wharf.home", ".")).toAbsolutePath().normalize();
        Path execRoot = Path.of(options.string("exec-root", "/run/wharf"));
        Files.createDirectories(execRoot);
        // before any bundle starts, as each of them keeps its state below it
        Path dataRoot = Files.createDirectories(Path.of(options.string("data-root", "/var/lib/wharf")));
        // a newer Wharf's data stays untouched: no bundle may read, migrate or rewrite any of it
        List<String> newerFormats = FormatVersion.newerAreas(dataRoot);
        if (!newerFormats.isEmpty()) {
            throw new IOException(String.join("; ", newerFormats));
        }
        configureLogging(options);
        if (Boolean.TRUE.equals(options.values.get(CompatSocket.KEY))) {
            CompatSocket.checkFree(CompatSocket.PATH);
        }
        presetJettyMemoryLayout();
        NativeLibraryPath.presetForJna();
        PidFile pidFile = PidFile.create(Path.of(options.string("pidfile", execRoot.resolve("wharfd.pid").toString())));

        Map<String, String> props = new HashMap<>();
        Path cacheDir = execRoot.resolve("felix-cache");
        BundleCache cache = new BundleCache(cacheDir, home.resolve("bundles"));
        props.put("org.osgi.framework.storage", cacheDir.toString());
        props.put("org.osgi.framework.storage.clean", cache.cleanPolicy());
        props.put("felix.fileinstall.dir", System.getProperty("wharf.plugins", home.resolve("plugins").toString()));
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.enableConfigSave", "false"); // avoids the config write-back race
        props.put("felix.fileinstall.log.level", "2");
        // FileInstall's work directory lives with the daemon's other runtime state: its default, a new
        // /tmp/fileinstall-NNN per start removed only by a clean JVM exit, was left behind by every killed daemon
        props.put("felix.fileinstall.tmpdir", execRoot.resolve("fileinstall").toString());
        props.put("felix.log.level", "1");
        // DS keeps the component descriptors it parsed in its bundle data below the cache, per bundle and its
        // install time: a start from the kept cache then parses no XML. A changed
        // bundle set starts with a clean cache (BundleCache), and DS drops what a hot-deployed bundle's update made stale.
        props.put("ds.cache.metadata", "true");
        // The daemon's configurations are rewritten by every start (and SIGHUP): nothing to keep on disk.
        props.put("felix.cm.pm", "memory");
        props.put("wharf.home", home.toString());

        FelixBoot felix = new FelixBoot(props, home.resolve("bundles"), cache);
        LiveConfiguration configuration = new LiveConfiguration(options.values);
        // Like dockerd: SIGTERM and SIGINT stop the daemon cleanly and it exits 0.
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(felix::stop, "wharfd-stop").start());
        }
        // Like dockerd: SIGHUP reads daemon.json and the flags again and applies what can change live.
        sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                signal -> new Thread(() -> reload(args, configuration, felix), "wharfd-reload").start());
        if (before == sun.misc.SignalHandler.SIG_IGN) {
            // the JVM keeps a signal ignored that was ignored at its start (Go's dockerd takes it back): say so
            System.err.println("wharfd: SIGHUP was ignored when wharfd started (nohup?), so it stays ignored:"
                    + " no configuration reload on SIGHUP; start wharfd without nohup (setsid is enough)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            felix.stop();
            pidFile.delete();
        }, "wharfd-shutdown"));
        felix.start(configuration.configurations());
        markClassArchiveComplete();
        trimHeapPeriodically();
        felix.awaitStop();
        pidFile.delete();
        return Integer.parseInt(System.getProperty(EXIT_CODE_PROPERTY, "0"));
    }

    /**
     * bin/wharfd keeps the class archive this JVM records at exit only if the daemon came up and ran a while (see
     * there): a daemon stopped right after its start has not loaded what the API needs, and its archive would
     * make every later start slower.
     */
    private static void markClassArchiveComplete() {
        String marker = System.getProperty("wharf.cds.complete");
        if (marker == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(CLASS_ARCHIVE_MIN_RUN_MS);
                Files.writeString(Path.of(marker), "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                System.err.println("wharfd: cannot mark the class archive as complete: " + e.getMessage());
            }
        }, "wharfd-class-archive");
        t.setDaemon(true);
        t.start();
    }

    /** See {@link HeapTrim}: a check every 3 s (an idle daemon is trimmed within 6 s), on a daemon thread. */
    private static void trimHeapPeriodically() {
        HeapTrim.forSerialCollector().ifPresent(trim -> {
            java.util.concurrent.ScheduledExecutorService timer =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "wharfd-heap-trim");
                        t.setDaemon(true);
                        return t;
                    });
            timer.scheduleWithFixedDelay(trim, 3, 3, java.util.concurrent.TimeUnit.SECONDS);
        });
    }

    private static void reload(String[] args, LiveConfiguration configuration, FelixBoot felix) {
        try {
            LiveConfiguration.Reload r;
            // two quick SIGHUPs: the later configuration must also be the one published last
            synchronized (configuration) {
                r = configuration.reload(DaemonOptions.parse(args).values);
                if (!felix.publish(r.configurations())) {
                    System.err.println("wharfd: cannot reload the configuration: ConfigAdmin is not running");
                    return;
                }
            }
            System.err.println("wharfd: configuration reloaded: changed "
                    + (r.applied().isEmpty() ? "nothing" : r.applied())
                    + (r.needRestart().isEmpty() ? "" : "; " + r.needRestart() + " take effect after a restart"));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("wharfd: configuration reload failed, keeping the current one: " + e.getMessage());
        } catch (RuntimeException e) {
            System.err.println("wharfd: configuration reload failed: " + e);
        }
    }

    /**
     * Without this Jetty asks the platform MBean server whether references are compressed (they are: the heap is
     * far below 32 GiB, so 16 four-byte references fill a 64-byte line), which starts JMX: 30 ms and 2 MiB.
     */
    private static void presetJettyMemoryLayout() {
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    /** slf4j-simple reads its settings from system properties when the first logger is made. */
    private static void configureLogging(DaemonOptions options) {
        String level = options.logLevel();
        if (options.logFormat().equals("json")) {
            System.setErr(new java.io.PrintStream(new JsonLogLines(new java.io.FileOutputStream(
                    java.io.FileDescriptor.err)), true, java.nio.charset.StandardCharsets.UTF_8));
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        if (!level.equals("debug") && !level.equals("trace")) {
            // Jersey and HK2 log bootstrap chatter through java.util.logging; keep only real problems.
            JUL_ROOT.setLevel(java.util.logging.Level.WARNING);
            // and Jetty announces its version and each start and stop of a connector; dockerd says none of that.
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
            // Jersey warns that resource instances "do not implement any provider interfaces": they are resources.
            JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    /** The pid file: refuses to start over a live daemon, replaces a stale file. */
    record PidFile(Path path) {
        static PidFile create(Path path) throws IOException {
            if (Files.exists(path)) {
                String text = Files.readString(path).trim();
                if (!text.isEmpty() && new File("/proc/" + text).exists()
                        && !text.equals(String.valueOf(ProcessHandle.current().pid()))) {
                    throw new IOException("pid file found, ensure wharfd is not running or delete " + path);
                }
            }
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, ProcessHandle.current().pid() + "\n");
            return new PidFile(path);
        }

        void delete() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort on shutdown
            }
        }
    }
}
