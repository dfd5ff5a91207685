package io.longshort.spark;

import static io.longshort.spark.SparkTests.assertSameScores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CorpusScorer} on executors in JVMs of their own, Spark's {@code local-cluster[2,1,1024]}:
 * a master and two workers in this JVM, each worker starting one executor process. The scoring
 * function and the model source travel by serialization, and each executor copies and loads the
 * model itself, once.
 *
 * <p>A worker builds its executor's command from a Spark installation: with {@code spark.testing}
 * it reads {@code spark.test.home}, needs a {@code jars} folder there, and takes the Scala version
 * from a Spark source tree's {@code launcher/target/scala-2.13} folder. This test makes one in a
 * temporary folder from the jars of its own class path, and hands the executors the class folders
 * (this module's and the others') through {@code spark.executor.extraClassPath}.
 */
class SeparateExecutorsTest {

    @TempDir
    static Path sparkHome;

    @TempDir
    Path cache;

    @Test
    void twoExecutorJvmsEachLoadTheModelOnceAndScoreAsOneTextAtATime() throws Exception {
        List<String> texts = SparkTests.sentences(120);
        Map<Integer, List<Object>> expected = SparkTests.expected(texts);
        String classFolders = buildSparkHome();
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", sparkHome.toString());
        SparkSession spark = SparkTests.session(
                "local-cluster[2,1,1024]",
                Map.of(
                        "spark.executor.extraClassPath",
                        classFolders,
                        "spark.executor.extraJavaOptions",
                        "-Dai.djl.offline=true -D" + ExecutorModels.CACHE_PROPERTY + "=" + cache,
                        "spark.executor.memory",
                        "1g"));
        try {
            waitForExecutors(spark, 2);
            assertSameScores(
                    expected,
                    SparkTests.byId(CorpusScorer.builder()
                            .setModel(SparkTests.model().toString())
                            .optEngine("pytorch")
                            .optBatchSize(8)
                            .build()
                            .score(SparkTests.texts(spark, texts, 8))));
            List<String> probes = spark.range(0, 16, 1, 16)
                    .mapPartitions(
                            (MapPartitionsFunction<Long, String>)
                                    rows -> List.of(ProcessHandle.current().pid() + " " + ExecutorModels.loads())
                                            .iterator(),
                            Encoders.STRING())
                    .collectAsList();
            Set<String> pids = new HashSet<>();
            for (String probe : probes) {
                String[] f = probe.split(" ");
                pids.add(f[0]);
                assertTrue(f[1].equals("1") || f[1].equals("0"), "at most one load per executor JVM: " + probes);
            }
            assertTrue(
                    !pids.contains(Long.toString(ProcessHandle.current().pid())),
                    "no task ran in the driver's JVM: " + probes);
            assertEquals(2, pids.size(), "tasks ran in two executor JVMs: " + probes);
        } finally {
            spark.stop();
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
    }

    /** Links every jar of this JVM's class path into {@code jars}; returns the class folders. */
    private static String buildSparkHome() throws IOException {
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("launcher/target/scala-2.13"));
        List<String> folders = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                folders.add(p.toString());
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    try {
                        Files.createSymbolicLink(link, p);
                    } catch (UnsupportedOperationException e) {
                        throw new UncheckedIOException(new IOException("no symbolic links here", e));
                    }
                }
            }
        }
        return String.join(File.pathSeparator, folders);
    }

    private static void waitForExecutors(SparkSession spark, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (spark.sparkContext().getExecutorMemoryStatus().size() < n + 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the " + n + " executors did not start within 120 s");
            }
            Thread.sleep(200);
        }
    }
}
