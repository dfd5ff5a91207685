package io.longshort.bench;

import io.longshort.core.engine.InferenceThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus benchmark's input and its four ways of scoring it, side by side: one line at a time
 * in one process ({@code longshort score --each-line}) with PyTorch's default intra-op threads and
 * with one, and {@code longshort batch-score} in its default batches on one and on two Spark cores. The
 * lines use the model's synthetic 10,000-word vocabulary with the lengths of {@code
 * ptb.valid.txt}'s lines (73,760 words with their {@code <eos>}), so that the model has the
 * recipe's vocabulary and the corpus PTB's lengths.
 */
final class CorpusRuns {

    /** The ways of scoring, in the order they run. */
    static final List<String> MODES = List.of(
            "one-by-one",
            "one-by-one@1",
            "batch-score local[1]",
            "batch-score local[2]",
            "batch-score local-cluster[2,1,2048]");

    /** The mode of two executor JVMs of one core each, under a worker Spark starts in this JVM. */
    static final String SEPARATE_EXECUTORS = "batch-score local-cluster[2,1,2048]";

    /** The folder under the run's folder that {@link #SEPARATE_EXECUTORS} takes as Spark's home. */
    static final String SPARK_HOME = "spark-home";

    /** The file batch-score reads. */
    static final String CORPUS = "corpus.txt";

    /** The file the one-by-one modes read: the corpus's first repeats. */
    static final String SAMPLE = "sample.txt";

    /** How many repeats of the line lengths the one-by-one modes score at most. */
    static final int SAMPLE_REPEAT = 4;

    /** The modes that score one line at a time: the goal's baseline. */
    static final String ONE_BY_ONE = "one-by-one";

    private CorpusRuns() {}

    /**
     * Writes the corpus: each line of {@code ptb.valid.txt} (or, without it, lengths of 5 to 40
     * words) becomes a line of synthetic words as long, all of it {@code repeat} times, in {@value
     * #CORPUS}; its first {@value #SAMPLE_REPEAT} repeats also go to {@value #SAMPLE}, which the
     * one-by-one modes score: a loop over lines runs at the same rate on a few thousand lines as
     * on millions, while batch-score's fixed costs (Spark's stages, the model's copy and load, the
     * JIT) need a long input to fade.
     *
     * @return the lines written
     */
    static int writeCorpus(Path ptbDir, int vocab, int repeat, Path dir) throws IOException {
        Path valid = ptbDir.resolve("ptb.valid.txt");
        List<Integer> lengths = new ArrayList<>();
        if (Files.isRegularFile(valid)) {
            for (String line : Files.readAllLines(valid, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lengths.add(line.strip().split("\\s+").length);
                }
            }
        } else {
            for (int i = 0; i < 3370; i++) {
                lengths.add(5 + (i * 7) % 36);
            }
        }
        int total = 0;
        for (int n : lengths) {
            total += n;
        }
        int[] ids = Synthetic.ids(total * repeat, vocab - 1);
        List<String> lines = new ArrayList<>(lengths.size() * repeat);
        int at = 0;
        for (int r = 0; r < repeat; r++) {
            for (int n : lengths) {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < n; k++) {
                    b.append(k == 0 ? "" : " ").append('w').append(1 + ids[at++]);
                }
                lines.add(b.toString());
            }
        }
        Files.write(dir.resolve(CORPUS), lines, StandardCharsets.UTF_8);
        Files.write(
                dir.resolve(SAMPLE),
                lines.subList(0, lengths.size() * Math.min(repeat, SAMPLE_REPEAT)),
                StandardCharsets.UTF_8);
        return lines.size();
    }

    /**
     * The JVM flags of one mode, after those of {@code examples/bin/longshort}. Spark reads
     * {@code spark.*} system properties as its settings: {@code local-cluster}, a mode for
     * testing, starts its executors from the {@code jars} folder of {@code spark.test.home}.
     */
    static List<String> jvmFlags(String mode, Path dir) {
        if (mode.equals(SEPARATE_EXECUTORS)) {
            return List.of("-Dspark.testing=true", "-Dspark.test.home=" + dir.resolve(SPARK_HOME));
        }
        return mode.endsWith("@1") ? List.of("-D" + InferenceThreads.PYTORCH_THREADS + "=1") : List.of();
    }

    /**
     * Makes the Spark home of {@link #SEPARATE_EXECUTORS}: a {@code jars} folder linking every
     * jar of this JVM's class path (Spark, the cli and the engines alike).
     */
    static void linkSparkHome(Path dir) throws IOException {
        Path jars = Files.createDirectories(dir.resolve(SPARK_HOME).resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            if (jar.toString().endsWith(".jar") && Files.isRegularFile(jar)) {
                Path link = jars.resolve(jar.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, jar);
                }
            }
        }
    }

    /** The command-line arguments of one mode. */
    static List<String> arguments(String mode, String engine, Path dir) {
        Path model = dir.resolve("model");
        Path output = dir.resolve("out");
        if (mode.startsWith(ONE_BY_ONE)) {
            return List.of(
                    "score",
                    "--model",
                    model.toString(),
                    "--engine",
                    engine,
                    "--each-line",
                    dir.resolve(SAMPLE).toString(),
                    "--json");
        }
        String master = mode.substring(mode.indexOf(' ') + 1);
        return List.of(
                "batch-score",
                "--model",
                model.toString(),
                "--engine",
                engine,
                "--input",
                dir.resolve(CORPUS).toString(),
                "--output",
                output.toString(),
                "--overwrite",
                "--master",
                master,
                "--partitions",
                "4",
                "--json");
    }
}
