package io.longshort.core.engine;

import com.google.inject.Binder;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.Provider;
import com.google.inject.multibindings.MapBinder;
import io.longshort.core.LongshortException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the engine plugins on the class path and selects one by configuration.
 *
 * <p>Selection order: an explicit name (from the DSL or the command line), else the system
 * property {@value #PROPERTY}, else the environment variable {@value #ENV}, else the key
 * {@code engine} of a {@value #PROPERTIES_FILE} file (in the working directory, then on the class
 * path), else the single plugin present, else an error naming what is available.
 */
public final class Backends {

    /** The system property that names the engine. */
    public static final String PROPERTY = "longshort.engine";
    /** The environment variable that names the engine. */
    public static final String ENV = "LONGSHORT_ENGINE";
    /** The properties file whose key {@code engine} names the engine. */
    public static final String PROPERTIES_FILE = "longshort.properties";

    private static final Map<String, Backend> BUILT = new ConcurrentHashMap<>();
    private static volatile Map<String, Provider<Backend>> registry;

    private Backends() {}

    /**
     * Adds a backend to the plugin map; for use in an {@link EnginePlugin}'s module.
     *
     * @param binder the binder of the plugin's module
     * @param name the engine name, lower case
     * @param type the backend class, built by Guice only when selected
     */
    public static void bind(Binder binder, String name, Class<? extends Backend> type) {
        MapBinder.newMapBinder(binder, String.class, Backend.class)
                .addBinding(name)
                .to(type)
                .in(com.google.inject.Singleton.class);
    }

    /**
     * Returns the names of the engines whose plugins are on the class path, sorted.
     *
     * @return the available engine names
     */
    public static List<String> available() {
        return new ArrayList<>(registry().keySet());
    }

    /**
     * Returns the backend chosen by configuration (see the class documentation).
     *
     * @param explicit an explicit engine name, or {@code null} to use the configuration
     * @return the backend
     * @throws LongshortException if the name is unknown or no single engine can be chosen
     */
    public static Backend select(String explicit) {
        return get(resolveName(explicit));
    }

    /**
     * Returns the name that {@link #select} would use, without loading the engine.
     *
     * @param explicit an explicit engine name, or {@code null}
     * @return the engine name
     */
    public static String resolveName(String explicit) {
        String name = blankToNull(explicit);
        if (name == null) {
            name = blankToNull(System.getProperty(PROPERTY));
        }
        if (name == null) {
            name = blankToNull(System.getenv(ENV));
        }
        if (name == null) {
            name = blankToNull(fromPropertiesFile());
        }
        if (name == null) {
            List<String> names = available();
            if (names.size() == 1) {
                return names.get(0);
            }
            if (names.isEmpty()) {
                throw new LongshortException(
                        "No engine plugin on the class path: add longshort-engine-pytorch or"
                                + " longshort-engine-mxnet as a dependency.");
            }
            throw new LongshortException(
                    "Several engines are available "
                            + names
                            + ": choose one with --engine NAME, -D"
                            + PROPERTY
                            + "=NAME, "
                            + ENV
                            + "=NAME or engine=NAME in "
                            + PROPERTIES_FILE
                            + ".");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the backend registered under a name.
     *
     * @param name the engine name
     * @return the backend
     * @throws LongshortException if no plugin registers that name
     */
    public static Backend get(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Provider<Backend> provider = registry().get(key);
        if (provider == null) {
            throw new LongshortException(
                    "Unknown engine '"
                            + name
                            + "': available engines are "
                            + available()
                            + "; pass one of them with --engine.");
        }
        return BUILT.computeIfAbsent(key, k -> provider.get());
    }

    private static Map<String, Provider<Backend>> registry() {
        Map<String, Provider<Backend>> map = registry;
        if (map == null) {
            synchronized (Backends.class) {
                map = registry;
                if (map == null) {
                    map = load();
                    registry = map;
                }
            }
        }
        return map;
    }

    private static Map<String, Provider<Backend>> load() {
        List<com.google.inject.Module> modules = new ArrayList<>();
        for (EnginePlugin plugin : ServiceLoader.load(EnginePlugin.class)) {
            modules.add(plugin.module());
        }
        // an empty map binding, so that no plugin at all still yields an (empty) map
        modules.add(binder -> MapBinder.newMapBinder(binder, String.class, Backend.class));
        Injector injector = Guice.createInjector(modules);
        Map<String, Provider<Backend>> bound =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() {}));
        return Collections.unmodifiableMap(new TreeMap<>(bound));
    }

    private static String fromPropertiesFile() {
        Properties props = new Properties();
        Path local = Path.of(PROPERTIES_FILE);
        try {
            if (Files.isRegularFile(local)) {
                try (InputStream in = Files.newInputStream(local)) {
                    props.load(in);
                }
            } else {
                try (InputStream in =
                        Backends.class.getClassLoader().getResourceAsStream(PROPERTIES_FILE)) {
                    if (in != null) {
                        props.load(in);
                    }
                }
            }
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot read " + PROPERTIES_FILE + ": " + e.getMessage() + "; fix or remove it.", e);
        }
        return props.getProperty("engine");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
