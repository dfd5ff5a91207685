package io.longshort.spark;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model folder on any file system Hadoop reads ({@code file:}, {@code hdfs:}, {@code s3a:}
 * ...), with the SHA-256 of each of its files as the driver read them. It travels to the
 * executors with the scoring function; each executor copies the folder into a local cache and
 * checks every file against these digests before loading it ({@link ExecutorModels}).
 *
 * <p>The {@link #key()} (the folder and a digest over all files) names the model in the
 * executor's cache and in its per-JVM holder, so a changed folder is never confused with the old
 * one.
 */
final class ModelSource implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String uri;
    private final String engine;
    private final Map<String, String> digests;
    private final String key;
    private final byte[] hadoopConf;

    private ModelSource(String uri, String engine, Map<String, String> digests, byte[] hadoopConf) {
        this.uri = uri;
        this.engine = engine;
        this.digests = digests;
        this.hadoopConf = hadoopConf;
        StringBuilder all = new StringBuilder(uri);
        digests.forEach((name, sha) -> all.append('\n').append(name).append(' ').append(sha));
        this.key = sha256(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * Reads a model folder's file list and digests on the driver.
     *
     * @param folder the folder, as a Hadoop path
     * @param engine the engine to load it on, or {@code null} for the executor's configured one
     * @param conf the job's Hadoop configuration
     * @return the source
     * @throws LongshortException if the folder is missing or is not a model folder
     */
    static ModelSource of(String folder, String engine, Configuration conf) {
        try {
            Path dir = new Path(folder);
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
                throw new LongshortException(
                        "Model folder not found: " + folder + "; give the folder a training run saved its model to.");
            }
            Path qualified = fs.makeQualified(dir);
            if (!fs.exists(new Path(qualified, ModelFiles.RECORD))) {
                throw new LongshortException(folder + " is not a longshort model folder (no " + ModelFiles.RECORD
                        + "); give the folder a training run saved its model to.");
            }
            Map<String, String> digests = new TreeMap<>();
            for (FileStatus f : fs.listStatus(qualified)) {
                String name = f.getPath().getName();
                if (f.isFile() && !name.startsWith(".") && !name.endsWith(".tmp")) {
                    try (InputStream in = fs.open(f.getPath())) {
                        digests.put(name, sha256(in));
                    }
                }
            }
            return new ModelSource(qualified.toString(), engine, digests, serialize(conf));
        } catch (IOException e) {
            throw new LongshortException("Cannot read the model folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The folder, fully qualified. */
    String uri() {
        return uri;
    }

    /** The engine name, or {@code null} for the configured one. */
    String engine() {
        return engine;
    }

    /** The SHA-256 of each file, by file name. */
    Map<String, String> digests() {
        return digests;
    }

    /** A short name for this folder with these contents. */
    String key() {
        return key;
    }

    /** The driver's Hadoop configuration, so that an executor reads the folder as the driver did. */
    Configuration hadoopConf() {
        Configuration conf = new Configuration(false);
        try {
            conf.readFields(new DataInputStream(new ByteArrayInputStream(hadoopConf)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return conf;
    }

    private static byte[] serialize(Configuration conf) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            conf.write(out);
        }
        return bytes.toByteArray();
    }

    /**
     * Returns the SHA-256 of a stream's bytes, read to its end.
     *
     * @param in the stream
     * @return the digest in lower-case hex
     * @throws IOException if reading fails
     */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Copies a stream to another, returning the SHA-256 of the bytes copied.
     *
     * @param in the source
     * @param out the target
     * @return the digest in lower-case hex
     * @throws IOException if reading or writing fails
     */
    static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return uri + " (" + key + ")";
    }
}
