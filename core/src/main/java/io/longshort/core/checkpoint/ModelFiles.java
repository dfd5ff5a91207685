package io.longshort.core.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.longshort.core.LongshortException;
import io.longshort.core.Reasons;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.engine.Backend;
import io.longshort.core.model.Network;
import io.longshort.core.serving.ServingProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model folder: {@code model.json} (a {@link ModelRecord}), {@code vocabulary.txt} (one word a
 * line, in id order) and {@code parameters.params} (DJL's parameter format, readable by every
 * engine), and {@code serving.properties}, which lets DJL's {@code Criteria} and DJL Serving load
 * the folder (see {@link io.longshort.core.serving}). Each file is written to a temporary file in
 * the same folder and then renamed, so that a folder never holds a half-written file.
 */
public final class ModelFiles {

    /** The folder format version written by this library. */
    public static final int FORMAT_VERSION = 1;
    /** The record file. */
    public static final String RECORD = "model.json";
    /** The vocabulary file. */
    public static final String VOCABULARY = "vocabulary.txt";
    /** The parameter file. */
    public static final String PARAMETERS = "parameters.params";

    /** How a damaged-folder message ends: what is wrong and the fix. */
    public static final String DAMAGED =
            "the model folder is damaged; restore it from a copy or train the model again.";

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create();

    private ModelFiles() {}

    /**
     * Returns the shared JSON mapper (pretty-printed).
     *
     * @return the Gson instance
     */
    public static Gson gson() {
        return GSON;
    }

    /**
     * Writes a model folder, creating it if needed.
     *
     * @param dir the folder
     * @param net the network
     * @param vocabulary the vocabulary
     * @param record the record
     */
    public static void save(Path dir, Network net, Vocabulary vocabulary, ModelRecord record) {
        try {
            Files.createDirectories(dir);
            Path params = Files.createTempFile(dir, PARAMETERS, ".tmp");
            net.save(params);
            moveInto(params, dir.resolve(PARAMETERS));
            Path vocab = Files.createTempFile(dir, VOCABULARY, ".tmp");
            vocabulary.save(vocab);
            moveInto(vocab, dir.resolve(VOCABULARY));
            writeAtomically(dir.resolve(ServingProperties.FILE), ServingProperties.text());
            writeAtomically(dir.resolve(RECORD), GSON.toJson(record));
        } catch (IOException e) {
            removeTemporaryFiles(dir);
            throw new LongshortException(
                    "Cannot write the model to " + dir + ": " + e.getMessage()
                            + "; check that the folder is writable and the disk has room.",
                    e);
        }
    }

    /** Deletes the temporary files a failed save left (the files they were to replace are kept). */
    private static void removeTemporaryFiles(Path dir) {
        for (String name : new String[] {PARAMETERS, VOCABULARY, ServingProperties.FILE, RECORD}) {
            try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(dir, name + "*.tmp")) {
                for (Path f : left) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException ignored) {
                // best effort: the save already failed, and its message says why
            }
        }
    }

    /**
     * Writes a text file through a temporary file and a rename.
     *
     * @param file the file
     * @param text the content
     * @throws IOException if writing fails
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(
                file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        moveInto(tmp, file);
    }

    private static void moveInto(Path tmp, Path target) throws IOException {
        // on the disk before the rename, so that a crash leaves the old file or the whole new one
        Durable.sync(tmp);
        // temporary files start as owner-only (0600); a model folder is meant to be shared (for
        // example read by DJL Serving under another user), so give it the usual rw-r--r--
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        Durable.move(tmp, target);
    }

    /**
     * Returns whether a folder holds a saved model.
     *
     * @param dir the folder
     * @return whether {@code model.json} is there
     */
    public static boolean isModel(Path dir) {
        return Files.isRegularFile(dir.resolve(RECORD));
    }

    /**
     * Reads a folder's record.
     *
     * @param dir the folder
     * @return the record
     */
    public static ModelRecord readRecord(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new LongshortException("Model folder " + dir + " is a file, not a folder: give the folder a training"
                    + " run saved its model to"
                    + (dir.getFileName().toString().equals(RECORD)
                            ? " (" + dir.toAbsolutePath().normalize().getParent() + "?)."
                            : "."));
        }
        if (!Files.isDirectory(dir)) {
            throw new LongshortException(
                    "Model folder not found: " + dir + "; give the folder a training run saved its model to.");
        }
        Path file = dir.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            throw new LongshortException(dir + " is not a longshort model folder (no " + RECORD
                    + "); give the folder a training run saved its model to.");
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | JsonParseException e) {
            throw new LongshortException("Cannot read " + file + " (" + Reasons.of(e) + "): " + DAMAGED, e);
        }
        if (!json.isJsonObject() || !json.getAsJsonObject().has("formatVersion")) {
            throw new LongshortException(file + " is not a longshort model record (valid JSON without the key"
                    + " formatVersion: another tool wrote it); give the folder a longshort training run saved its"
                    + " model to.");
        }
        ModelRecord record;
        try {
            record = GSON.fromJson(json, ModelRecord.class);
        } catch (JsonParseException | LongshortException e) {
            throw new LongshortException("Cannot read " + file + " (" + Reasons.of(e) + "): " + DAMAGED, e);
        }
        if (record == null || record.model() == null || record.training() == null) {
            throw new LongshortException(file + " is incomplete: " + DAMAGED);
        }
        if (record.formatVersion() != FORMAT_VERSION) {
            throw new LongshortException("Unsupported model folder version: " + record.formatVersion() + " in " + file
                    + "; this longshort reads version " + FORMAT_VERSION + ".");
        }
        return record;
    }

    /**
     * Reads a model folder onto an engine.
     *
     * @param dir the folder
     * @param backend the engine to load it on (need not be the one it was trained on)
     * @return the loaded model; close it when done
     */
    public static SavedModel load(Path dir, Backend backend) {
        ModelRecord record = readRecord(dir);
        if (Files.isRegularFile(dir.resolve(CheckpointStore.MANIFEST))) {
            CheckpointStore.verify(dir); // a checkpoint: every file must match its digest
        }
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.load(dir.resolve(VOCABULARY));
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot read " + dir.resolve(VOCABULARY) + " (" + Reasons.of(e) + "): " + DAMAGED, e);
        }
        if (vocabulary.size() != record.model().vocabularySize()) {
            throw new LongshortException(dir.resolve(VOCABULARY) + " has " + vocabulary.size()
                    + " words but the model expects " + record.model().vocabularySize() + ": " + DAMAGED);
        }
        Path params = dir.resolve(PARAMETERS);
        if (!Files.isRegularFile(params)) {
            throw new LongshortException("Missing " + params + ": " + DAMAGED);
        }
        Network net = Network.load(backend, record.model(), record.training().layout(), params);
        return new SavedModel(record, vocabulary, net);
    }

    /**
     * A model read from a folder.
     *
     * @param record its record
     * @param vocabulary its vocabulary
     * @param network its network, on the engine it was loaded on
     */
    public record SavedModel(ModelRecord record, Vocabulary vocabulary, Network network) implements AutoCloseable {
        @Override
        public void close() {
            network.close();
        }
    }
}
