package io.longshort.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine selection: explicit, then {@code -Dlongshort.engine}, then {@code LONGSHORT_ENGINE}, then
 * {@code longshort.properties} (working directory, then class path), then the single plugin, else
 * an error naming what is available. Runs without any plugin or engine: the sources are passed in.
 */
class BackendsTest {

    private static final List<String> BOTH = List.of("mxnet", "pytorch");
    private static final UnaryOperator<String> UNSET = key -> null;

    @TempDir
    Path tmp;

    /** A properties file that does not exist, and a class loader that holds no resource. */
    private Path noFile() {
        return tmp.resolve("absent").resolve(Backends.PROPERTIES_FILE);
    }

    private static final ClassLoader NO_RESOURCES = new URLClassLoader(new URL[0], null);

    private static UnaryOperator<String> only(String key, String value) {
        return Map.of(key, value)::get;
    }

    private static UnaryOperator<String> properties(String value) {
        return only(Backends.PROPERTY, value);
    }

    private static UnaryOperator<String> environment(String value) {
        return only(Backends.ENV, value);
    }

    private Path propertiesFile(String engine) throws IOException {
        return Files.writeString(
                tmp.resolve(Backends.PROPERTIES_FILE),
                "# chosen engine\nengine = " + engine + "\n",
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void explicitNameWinsOverEverySource() throws IOException {
        assertEquals(
                "mxnet",
                Backends.resolveName(
                        "mxnet",
                        properties("pytorch"),
                        environment("pytorch"),
                        propertiesFile("pytorch"),
                        NO_RESOURCES,
                        BOTH,
                        Backends.JAVA_CHOICE));
    }

    @Test
    void systemPropertyWinsOverEnvironmentFileAndSinglePlugin() throws IOException {
        assertEquals(
                "mxnet",
                Backends.resolveName(
                        null,
                        properties("mxnet"),
                        environment("pytorch"),
                        propertiesFile("pytorch"),
                        NO_RESOURCES,
                        List.of("pytorch"),
                        Backends.JAVA_CHOICE));
    }

    @Test
    void environmentWinsOverPropertiesFileAndSinglePlugin() throws IOException {
        assertEquals(
                "mxnet",
                Backends.resolveName(
                        null,
                        UNSET,
                        environment("mxnet"),
                        propertiesFile("pytorch"),
                        NO_RESOURCES,
                        List.of("pytorch"),
                        Backends.JAVA_CHOICE));
    }

    @Test
    void propertiesFileWinsOverTheSinglePlugin() throws IOException {
        assertEquals(
                "mxnet",
                Backends.resolveName(
                        null,
                        UNSET,
                        UNSET,
                        propertiesFile("mxnet"),
                        NO_RESOURCES,
                        List.of("pytorch"),
                        Backends.JAVA_CHOICE));
    }

    @Test
    void propertiesFileInTheWorkingDirectoryWinsOverTheClassPathResource() throws IOException {
        ClassLoader resources = classPathWith("pytorch");
        assertEquals(
                "mxnet",
                Backends.resolveName(
                        null, UNSET, UNSET, propertiesFile("mxnet"), resources, BOTH, Backends.JAVA_CHOICE));
    }

    @Test
    void propertiesResourceOnTheClassPathIsReadWhenNoFileExists() throws IOException {
        ClassLoader resources = classPathWith("MXNet");
        assertEquals(
                "mxnet", Backends.resolveName(null, UNSET, UNSET, noFile(), resources, BOTH, Backends.JAVA_CHOICE));
    }

    @Test
    void singlePluginIsChosenWhenNothingIsConfigured() {
        assertEquals(
                "pytorch",
                Backends.resolveName(
                        null, UNSET, UNSET, noFile(), NO_RESOURCES, List.of("pytorch"), Backends.JAVA_CHOICE));
    }

    @Test
    void blankSourcesAreSkipped() throws IOException {
        assertEquals(
                "mxnet",
                Backends.resolveName(
                        "  ",
                        properties(""),
                        environment(" \t"),
                        propertiesFile("mxnet"),
                        NO_RESOURCES,
                        BOTH,
                        Backends.JAVA_CHOICE));
    }

    @Test
    void namesAreTrimmedAndLowerCased() {
        assertEquals(
                "pytorch",
                Backends.resolveName(" PyTorch ", UNSET, UNSET, noFile(), NO_RESOURCES, BOTH, Backends.JAVA_CHOICE));
    }

    @Test
    void severalPluginsAndNoConfigurationFailsListingThemAndEveryWayToChoose() {
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> Backends.resolveName(null, UNSET, UNSET, noFile(), NO_RESOURCES, BOTH, Backends.JAVA_CHOICE));
        assertEquals(
                "Several engines are available [mxnet, pytorch]: choose one by name in code"
                        + " (ExperimentBuilder.optEngine(\"pytorch\"), LanguageModel.load(dir, \"pytorch\"),"
                        + " Backends.get(\"pytorch\")), with -Dlongshort.engine=NAME, LONGSHORT_ENGINE=NAME or"
                        + " engine=NAME in longshort.properties.",
                e.getMessage());
    }

    @Test
    void severalPluginsFromACommandLineNameItsFlagAndNotTheJavaWays() {
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> Backends.resolveName(null, UNSET, UNSET, noFile(), NO_RESOURCES, BOTH, "with --engine NAME"));
        assertEquals(
                "Several engines are available [mxnet, pytorch]: choose one with --engine NAME,"
                        + " LONGSHORT_ENGINE=NAME or engine=NAME in longshort.properties.",
                e.getMessage());
    }

    @Test
    void theSystemPropertyOfThisJvmIsRead() {
        String before = System.getProperty(Backends.PROPERTY);
        System.setProperty(Backends.PROPERTY, " MXNet ");
        try {
            assertEquals("mxnet", Backends.resolveName(null));
        } finally {
            if (before == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, before);
            }
        }
    }

    @Test
    void noPluginAndNoConfigurationFailsNamingTheEngineArtifacts() {
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> Backends.resolveName(
                        null, UNSET, UNSET, noFile(), NO_RESOURCES, List.of(), Backends.JAVA_CHOICE));
        assertEquals(
                "No engine plugin on the class path: add longshort-engine-pytorch or"
                        + " longshort-engine-mxnet as a dependency.",
                e.getMessage());
    }

    @Test
    void unknownEngineNamesTheAvailableEngines() {
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> Backends.knownName("tensorflow", List.of("pytorch", "mxnet"), "choose one of them"));
        assertEquals(
                "Unknown engine 'tensorflow': available engines are [mxnet, pytorch]; choose one of them.",
                e.getMessage());
    }

    @Test
    void knownNameIsTrimmedAndLowerCased() {
        assertEquals("mxnet", Backends.knownName(" MXNet", BOTH, "choose one of them"));
    }

    @Test
    void getOfAnUnknownEngineOnCoresClassPathSaysNoneIsAvailable() {
        // core's own test class path has no plugin at all
        assertEquals(List.of(), Backends.available());
        LongshortException e = assertThrows(LongshortException.class, () -> Backends.get("pytorch"));
        assertEquals("Unknown engine 'pytorch': available engines are []; choose one of them.", e.getMessage());
    }

    private ClassLoader classPathWith(String engine) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(dir.resolve(Backends.PROPERTIES_FILE), "engine=" + engine + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }
}
