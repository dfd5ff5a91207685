package io.longshort.core.engine;

import com.google.inject.Binder;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.longshort.core.LongshortException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

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

    /** How a Java caller names the engine, as messages tell it. */
    static final String JAVA_CHOICE = "by name in code (ExperimentBuilder.optEngine(\"pytorch\"),"
            + " LanguageModel.load(dir, \"pytorch\"), Backends.get(\"pytorch\")), with -D" + PROPERTY + "=NAME";

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
        return resolveName(explicit, JAVA_CHOICE);
    }

    /**
     * Returns the name that {@link #select} would use, for callers that take the name under their
     * own setting: when several engines are present and none is configured, the message tells the
     * user to choose one as {@code choice} says, then names the configuration's other sources.
     *
     * @param explicit an explicit engine name, or {@code null}
     * @param choice how the caller's user names an engine, such as {@code "with --engine NAME"}
     * @return the engine name
     */
    public static String resolveName(String explicit, String choice) {
        return resolveName(
                explicit,
                System::getProperty,
                System::getenv,
                Path.of(PROPERTIES_FILE),
                Backends.class.getClassLoader(),
                available(),
                choice);
    }

    /**
     * Resolves the engine name from the given sources, in the documented order; the seam that
     * lets tests replace the process environment, the working directory and the plugin list.
     *
     * @param explicit an explicit engine name, or {@code null}
     * @param systemProperties looks up a system property, {@code null} when unset
     * @param environment looks up an environment variable, {@code null} when unset
     * @param propertiesFile the {@value #PROPERTIES_FILE} file to read first
     * @param resources the class loader whose {@value #PROPERTIES_FILE} resource is read when the
     *     file does not exist
     * @param available the names of the plugins present, sorted
     * @param choice how the caller's user names an engine, for the message when none is chosen
     * @return the engine name, lower case
     */
    static String resolveName(
            String explicit,
            UnaryOperator<String> systemProperties,
            UnaryOperator<String> environment,
            Path propertiesFile,
            ClassLoader resources,
            List<String> available,
            String choice) {
        String name = blankToNull(explicit);
        if (name == null) {
            name = blankToNull(systemProperties.apply(PROPERTY));
        }
        if (name == null) {
            name = blankToNull(environment.apply(ENV));
        }
        if (name == null) {
            name = blankToNull(fromPropertiesFile(propertiesFile, resources));
        }
        if (name == null) {
            List<String> names = available;
            if (names.size() == 1) {
                return names.get(0);
            }
            if (names.isEmpty()) {
                throw new LongshortException("No engine plugin on the class path: add longshort-engine-pytorch or"
                        + " longshort-engine-mxnet as a dependency.");
            }
            throw new LongshortException("Several engines are available "
                    + names
                    + ": choose one "
                    + choice
                    + ", "
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
        Map<String, Provider<Backend>> map = registry();
        String key = knownName(name, map.keySet(), "choose one of them");
        Provider<Backend> provider = map.get(key);
        CudaProbeLogging.quiet();
        return BUILT.computeIfAbsent(key, k -> provider.get());
    }

    /**
     * Normalises an engine name and checks that a plugin registers it, for callers that take the
     * name under their own setting (a command line's flag).
     *
     * @param name the engine name as the user gave it
     * @param fix what the message tells the user to do, such as {@code "pass one of them with --engine"}
     * @return the name, trimmed and lower case
     * @throws LongshortException naming the available engines if the name is not among them
     */
    public static String checkName(String name, String fix) {
        return knownName(name, available(), fix);
    }

    /**
     * Normalises an engine name and checks that it is among the available ones.
     *
     * @param name the engine name as the user gave it
     * @param available the registered names
     * @param fix what the message tells the user to do
     * @return the name, trimmed and lower case
     * @throws LongshortException naming the available engines if the name is not among them
     */
    static String knownName(String name, Collection<String> available, String fix) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (!available.contains(key)) {
            throw new LongshortException("Unknown engine '" + name + "': available engines are "
                    + new ArrayList<>(new TreeSet<>(available)) + "; " + fix + ".");
        }
        return key;
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

    private static String fromPropertiesFile(Path local, ClassLoader resources) {
        Properties props = new Properties();
        try {
            if (Files.isRegularFile(local)) {
                try (InputStream in = Files.newInputStream(local)) {
                    props.load(in);
                }
            } else if (resources != null) {
                try (InputStream in = resources.getResourceAsStream(PROPERTIES_FILE)) {
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
