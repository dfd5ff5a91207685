package io.longshort.spark;

import io.longshort.core.LongshortException;
import io.longshort.core.engine.InferenceThreads;
import io.longshort.core.inference.LanguageModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The models of one executor JVM: each {@link ModelSource} is copied into a local cache folder,
 * checked against the driver's SHA-256 of every file, and loaded once, on first use; every task of
 * the JVM then shares that one {@link LanguageModel} (it is safe for concurrent use). The models
 * live as long as the JVM; the engine's native memory goes with it.
 *
 * <p>The cache folder is {@value #CACHE_PROPERTY} if set, else {@code longshort-models} in the
 * JVM's temporary folder; a copy already there is reused when every digest still matches.
 */
final class ExecutorModels {

    /** The system property naming the local cache folder. */
    static final String CACHE_PROPERTY = "longshort.spark.modelCache";

    private static final Map<String, LanguageModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {}

    /**
     * Returns the model of a source, copying and loading it on first use in this JVM.
     *
     * @param source the model folder and its digests
     * @return the shared model; do not close it
     */
    static LanguageModel get(ModelSource source) {
        if (System.getProperty("ai.djl.offline") == null) {
            // the engines' natives travel in the job's jars: nothing may be downloaded
            System.setProperty("ai.djl.offline", "true");
        }
        InferenceThreads.oneIntraOpThread(); // Spark runs a task per core
        return MODELS.computeIfAbsent(source.key(), k -> {
            java.nio.file.Path local = localCopy(source);
            LanguageModel lm = LanguageModel.load(local, source.engine());
            LOADS.incrementAndGet();
            return lm;
        });
    }

    /**
     * Returns how many models this JVM has loaded: one per model, however many tasks ran.
     *
     * @return the count
     */
    static int loads() {
        return LOADS.get();
    }

    private static java.nio.file.Path cacheRoot() {
        String dir = System.getProperty(CACHE_PROPERTY);
        return dir != null
                ? java.nio.file.Path.of(dir)
                : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "longshort-models");
    }

    /** Copies the folder into the cache (or finds a checked copy there) and returns the copy. */
    private static java.nio.file.Path localCopy(ModelSource source) {
        java.nio.file.Path target = cacheRoot().resolve(source.key());
        try {
            if (Files.isDirectory(target) && matches(target, source)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            java.nio.file.Path tmp = Files.createTempDirectory(target.getParent(), source.key() + ".tmp");
            try {
                download(source, tmp);
                replace(tmp, target, source);
            } finally {
                deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot copy the model " + source.uri() + " into " + target + ": " + e.getMessage()
                            + "; check that the executor can read the folder and write to its cache ("
                            + CACHE_PROPERTY + ").",
                    e);
        }
    }

    private static void download(ModelSource source, java.nio.file.Path tmp) throws IOException {
        Path dir = new Path(source.uri());
        FileSystem fs = dir.getFileSystem(source.hadoopConf());
        for (Map.Entry<String, String> e : source.digests().entrySet()) {
            String actual;
            try (InputStream in = fs.open(new Path(dir, e.getKey()));
                    OutputStream out = Files.newOutputStream(tmp.resolve(e.getKey()))) {
                actual = ModelSource.copy(in, out);
            }
            if (!actual.equals(e.getValue())) {
                throw new LongshortException("The model file " + new Path(dir, e.getKey())
                        + " changed while the job ran (its SHA-256 differs from the one the driver read);"
                        + " do not change a model folder a job is using.");
            }
        }
    }

    /** Whether a cached copy holds exactly the source's files with their digests. */
    private static boolean matches(java.nio.file.Path copy, ModelSource source) throws IOException {
        for (Map.Entry<String, String> e : source.digests().entrySet()) {
            java.nio.file.Path f = copy.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                return false;
            }
            try (InputStream in = Files.newInputStream(f)) {
                if (!ModelSource.sha256(in).equals(e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Moves a checked copy into place. Another executor JVM on the same machine may have put an
     * equal copy there first; that one is kept (it may be loading), a stale one is replaced.
     */
    private static void replace(java.nio.file.Path tmp, java.nio.file.Path target, ModelSource source)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (IOException e) {
                if (Files.isDirectory(target) && matches(target, source)) {
                    return;
                }
                if (attempt > 0 || !Files.exists(target)) {
                    throw e;
                }
                deleteTree(target);
            }
        }
    }

    private static void deleteTree(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<java.nio.file.Path> all = Files.walk(dir)) {
            for (java.nio.file.Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
