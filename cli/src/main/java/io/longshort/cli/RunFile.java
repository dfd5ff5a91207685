package io.longshort.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@value #FILE} in a model folder: what {@code train --resume} needs to continue a run with the
 * settings it was started with (the experiment with every command-line override applied, the
 * engine, the checkpoint policy, the run id), and, once the run finished, its results.
 *
 * @param runId the run id, also in every checkpoint's manifest
 * @param name the preset name, or the config file's name
 * @param config whether the run came from a {@code --config} file
 * @param experiment the engine, model, training plan and data
 * @param checkpointEvery a checkpoint every this many windows (0: epoch ends only)
 * @param checkpointMinutes a checkpoint at least this often, in minutes (0: no time-based ones)
 * @param keepCheckpoints how many of the newest checkpoints are kept
 * @param result the final report (the {@code --json} fields), or {@code null} while running
 */
record RunFile(
        String runId,
        String name,
        boolean config,
        Experiment experiment,
        int checkpointEvery,
        double checkpointMinutes,
        int keepCheckpoints,
        Map<String, Object> result) {

    static final String FILE = "run.json";
    /** The time-based checkpoint interval of a run that does not set one, as the trainer's default. */
    static final double DEFAULT_CHECKPOINT_MINUTES = 10;

    private static final int FORMAT_VERSION = 1;

    /** Returns whether the run finished. */
    boolean finished() {
        return result != null;
    }

    /** Returns a copy holding the final report. */
    RunFile finish(Map<String, Object> report) {
        return new RunFile(
                runId, name, config, experiment, checkpointEvery, checkpointMinutes, keepCheckpoints, report);
    }

    /** Writes {@value #FILE} into a folder, through a temporary file and a rename. */
    void write(Path dir) {
        JsonObject o = new JsonObject();
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("runId", runId);
        o.addProperty("name", name);
        o.addProperty("config", config);
        o.add("experiment", SpecJson.toJson(experiment));
        o.addProperty("checkpointEvery", checkpointEvery);
        o.addProperty("checkpointMinutes", checkpointMinutes);
        o.addProperty("keepCheckpoints", keepCheckpoints);
        if (result != null) {
            o.add("result", ModelFiles.gson().toJsonTree(result));
        }
        try {
            ModelFiles.writeAtomically(dir.resolve(FILE), ModelFiles.gson().toJson(o));
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot write " + dir.resolve(FILE) + " (" + e.getMessage()
                            + "): check that the folder is writable and the disk has room.",
                    e);
        }
    }

    /** Returns whether a folder holds {@value #FILE}. */
    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Returns a JSON value as it was written: a whole number, a double or a string. */
    private static Object number(JsonElement v) {
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            return v.getAsString();
        }
        String text = v.getAsString();
        return text.matches("-?\\d+") ? (Object) Long.parseLong(text) : (Object) v.getAsDouble();
    }

    /** Reads {@value #FILE} from the {@code --out} folder of a run. */
    static RunFile read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LongshortException(
                    "Run folder not found: " + dir + "; pass --resume the --out folder of a training run.");
        }
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new LongshortException(dir + " holds no run to resume (no " + FILE
                    + "); pass --resume the --out folder of a training run.");
        }
        try {
            JsonObject o = SpecJson.parseObject(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            int version = o.get("formatVersion").getAsInt();
            if (version != FORMAT_VERSION) {
                throw new LongshortException("Unsupported " + FILE + " version " + version + " in " + dir
                        + "; this longshort reads version " + FORMAT_VERSION + ".");
            }
            Map<String, Object> result = null;
            JsonElement r = o.get("result");
            if (r != null && r.isJsonObject()) {
                result = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> e : r.getAsJsonObject().entrySet()) {
                    JsonElement v = e.getValue();
                    result.put(e.getKey(), number(v));
                }
            }
            return new RunFile(
                    o.get("runId").getAsString(),
                    o.get("name").getAsString(),
                    o.get("config").getAsBoolean(),
                    SpecJson.experimentFromJson(o.get("experiment")),
                    o.get("checkpointEvery").getAsInt(),
                    // run files written before time-based checkpoints have none
                    o.has("checkpointMinutes") ? o.get("checkpointMinutes").getAsDouble() : DEFAULT_CHECKPOINT_MINUTES,
                    o.get("keepCheckpoints").getAsInt(),
                    result);
        } catch (IOException
                | JsonParseException
                | NullPointerException
                | IllegalStateException
                | UnsupportedOperationException e) {
            throw new LongshortException(
                    "Cannot read " + file + " (" + e.getMessage()
                            + "): the run folder is damaged; start the run again with another --out.",
                    e);
        }
    }

    /** Returns the time-based checkpoint interval. */
    java.time.Duration checkpointInterval() {
        return java.time.Duration.ofMillis(Math.round(checkpointMinutes * 60_000));
    }
}
