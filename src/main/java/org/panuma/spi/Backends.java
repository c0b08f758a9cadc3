package org.panuma.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place a backend is chosen.
 *
 * <p>Order of precedence: an explicit request (the CLI's {@code --backend}, the API's
 * {@code Numa.open("jna")}), then the system property {@code panuma.backend}, then the
 * environment variable {@code PANUMA_BACKEND}, then auto: FFM on Java 23+, JNA otherwise. Auto
 * never picks {@code sim}: a simulated kernel is only used when asked for.
 */
public final class Backends {
    public static final String PROPERTY = "panuma.backend";
    public static final String ENVIRONMENT = "PANUMA_BACKEND";
    public static final String AUTO = "auto";

    private static final Map<String, String> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put("ffm", "org.panuma.backend.ffm.FfmBackendProvider");
        PROVIDERS.put("jna", "org.panuma.backend.jna.JnaBackendProvider");
        PROVIDERS.put("sim", "org.panuma.backend.sim.SimBackendProvider");
    }

    private static final Map<String, BackendProvider> LOADED = new LinkedHashMap<>();
    private static final Map<String, NumaSyscalls> OPENED = new LinkedHashMap<>();

    private Backends() {
    }

    /** The names of all backends, in auto's order of preference. */
    public static List<String> names() {
        return new ArrayList<>(PROVIDERS.keySet());
    }

    /** The request in force: explicit, else property, else environment, else "auto". */
    public static String requested(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim().toLowerCase(Locale.ROOT);
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.trim().toLowerCase(Locale.ROOT);
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return env.trim().toLowerCase(Locale.ROOT);
        }
        return AUTO;
    }

    /**
     * Availability of one backend by name (unknown names are unavailable, with the list). The
     * provider's probe runs outside this class's lock (providers guard their own state), so one
     * backend's slow probe (JNA loads its native library) does not hold up opening another.
     */
    public static Availability availability(String name) {
        if (!PROVIDERS.containsKey(name)) {
            return Availability.unavailable("no backend named '" + name + "'; choose one of " + names()
                    + " or " + AUTO);
        }
        Object loaded;
        synchronized (Backends.class) {
            loaded = load(name);
        }
        if (loaded instanceof BackendProvider provider) {
            return provider.availability();
        }
        return Availability.unavailable((String) loaded);
    }

    /**
     * Opens the backend requested (see the class comment), once per name per JVM.
     *
     * @param explicit an explicit request, or null
     * @throws BackendUnavailableException with the reason when the backend cannot run here
     */
    public static synchronized NumaSyscalls open(String explicit) {
        String name = chosen(explicit);
        availability(name).ensureAvailable(name);
        return OPENED.computeIfAbsent(name, n -> ((BackendProvider) load(n)).create());
    }

    /**
     * Starts preparing, on a daemon thread, the backend that {@link #open} would open for no
     * explicit request, so that a short command's first system call finds its downcall linked
     * (`panuma where PID`: about a fifth of its run, BENCHMARKS.md item 5). Whatever fails here
     * is left for {@code open} to report; a command that asks for another backend only wasted
     * the other core's time.
     */
    public static void prepareInBackground() {
        Thread t = new Thread(new Preparation(), "panuma-prepare-backend");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The work of {@link #prepareInBackground}: a named class, not a lambda, so that the AOT
     * cache holds it (the command line's training run starts this thread as its main does).
     */
    private static final class Preparation implements Runnable {
        @Override
        public void run() {
            try {
                String name = chosen(null);
                Object loaded;
                synchronized (Backends.class) {
                    loaded = PROVIDERS.containsKey(name) ? load(name) : null;
                }
                if (loaded instanceof BackendProvider provider) {
                    provider.prepareCalls();
                }
            } catch (RuntimeException | LinkageError e) {
                // open() meets the same cause and names it.
            }
        }
    }

    /** The backend's name for this request: the request in force, with auto resolved. */
    private static String chosen(String explicit) {
        String request = requested(explicit);
        return AUTO.equals(request) ? autoChoice() : request;
    }

    /** What auto picks here: FFM when available, else JNA; throws when neither is. */
    public static synchronized String autoChoice() {
        Availability ffm = availability("ffm");
        if (ffm.available()) {
            return "ffm";
        }
        Availability jna = availability("jna");
        if (jna.available()) {
            return "jna";
        }
        throw new BackendUnavailableException(AUTO, "no native backend can run here. ffm: "
                + ffm.cause() + "; jna: " + jna.cause()
                + ". Use --backend sim (or -Dpanuma.backend=sim) for a simulated NUMA machine.");
    }

    /** Each backend's availability, for `panuma nodes` and diagnostics. */
    public static Map<String, Availability> report() {
        Map<String, Availability> m = new LinkedHashMap<>();
        for (String name : PROVIDERS.keySet()) {
            m.put(name, availability(name));
        }
        return m;
    }

    /** The provider, or a String saying why it could not be loaded. */
    private static Object load(String name) {
        BackendProvider cached = LOADED.get(name);
        if (cached != null) {
            return cached;
        }
        String className = PROVIDERS.get(name);
        try {
            BackendProvider provider = (BackendProvider) Class.forName(className)
                    .getDeclaredConstructor().newInstance();
            LOADED.put(name, provider);
            return provider;
        } catch (ClassNotFoundException | NoClassDefFoundError | UnsupportedClassVersionError e) {
            if ("ffm".equals(name) && Runtime.version().feature() < 23) {
                return "needs Java 23 or later (the Foreign Function & Memory API and the jextract bindings); this is Java "
                        + Runtime.version().feature() + ". The jna backend serves Java 17-21.";
            }
            return className + " is not on the class path (" + e + ")";
        } catch (ReflectiveOperationException | LinkageError e) {
            return "could not load " + className + ": " + e;
        }
    }
}
