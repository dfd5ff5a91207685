package io.longshort.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonParseException;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.engine.Backend;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run starts: the newest usable checkpoint of the run when resuming, else the beginning.
 * From a checkpoint it restores everything {@link Checkpoints} wrote: the parameters, the trainer's
 * position and sums, the optimizer's state, the learning-rate schedule, the carried state and the
 * metrics files.
 */
final class Resumption {

    // the trainer's logger: training messages are configured under one name
    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelTrainer.class);

    private final CheckpointStore.Checkpoint from;
    private final TrainerState state;

    private Resumption(CheckpointStore.Checkpoint from, TrainerState state) {
        this.from = from;
        this.state = state;
    }

    /**
     * Finds where a run starts and removes the leftovers of an interrupted checkpoint write. When
     * resuming from a checkpoint, its metrics files are copied back into the model folder.
     *
     * @param store the run's checkpoint folder
     * @param runId the run, or {@code null} for the newest checkpoint of any run
     * @param resume whether to resume at all
     * @param outDir the model folder
     * @return the start
     * @throws LongshortException if there are checkpoints but none is usable
     */
    static Resumption find(CheckpointStore store, String runId, boolean resume, Path outDir) {
        List<String> damaged = new ArrayList<>();
        Optional<CheckpointStore.Checkpoint> latest = resume ? store.latest(runId, damaged) : Optional.empty();
        if (latest.isEmpty() && !damaged.isEmpty()) {
            // checkpoints there are, none usable: stop rather than start over
            throw new LongshortException("No usable checkpoint in " + store.root() + " (" + damaged.size()
                    + " damaged, the newest: " + damaged.get(0).replaceFirst("; use an earlier.*$", "")
                    + "); delete the damaged step-N folders to start the run from the beginning.");
        }
        for (String d : damaged) {
            LOG.warn("skipped a damaged checkpoint: {}", d);
        }
        store.removeTemporary();
        if (latest.isEmpty()) {
            return new Resumption(null, null);
        }
        Path dir = latest.get().dir();
        TrainerState state = readState(dir);
        restoreMetricsFiles(dir, outDir);
        LOG.info("resuming from {} (epoch {}, window {})", dir, state.epoch() + 1, state.window() + 1);
        return new Resumption(latest.get(), state);
    }

    /** Returns whether the run continues from a checkpoint. */
    boolean fromCheckpoint() {
        return from != null;
    }

    /** Returns the checkpoint the run continues from, or {@code null} for the beginning. */
    Path checkpoint() {
        return from != null ? from.dir() : null;
    }

    /** Returns where the run starts, in an epoch of {@code windows} windows. */
    TrainingPosition position(int windows) {
        return state != null
                ? new TrainingPosition(state.epoch(), state.window(), windows, state.totalSteps())
                : new TrainingPosition(0, 0, windows, 0);
    }

    /** Returns the run's id: the one asked for, else the checkpoint's, else a new one. */
    String runId(String requested) {
        if (requested != null) {
            return requested;
        }
        return from != null ? from.manifest().runId() : UUID.randomUUID().toString();
    }

    /** Returns the position and sums to continue from. */
    Progress progress() {
        return state != null ? Progress.of(state) : new Progress();
    }

    /** Returns the network to train: the checkpoint's, ready for gradients, or a fresh one. */
    Network network(Backend backend, ModelSpec spec, Layout layout, long seed) {
        if (from == null) {
            return Network.create(backend, spec, layout, seed);
        }
        Network net = Network.load(backend, spec, layout, from.dir().resolve(ModelFiles.PARAMETERS));
        // loaded parameters come without gradients; training needs them
        for (Parameter q : net.parameters()) {
            q.getArray().setRequiresGradient(true);
        }
        return net;
    }

    /** Restores the learning rates, the optimizer and the carried state; nothing for a fresh run. */
    void restore(TrainingRun run) {
        if (from == null) {
            return;
        }
        run.rates().restore(state.learningRates());
        restoreOptimizer(run);
        Path file = from.dir().resolve(TrainerState.CARRIED_STATE);
        if (Files.isRegularFile(file)) {
            run.carried().decode(read(file));
        }
    }

    private void restoreOptimizer(TrainingRun run) {
        Path file = from.dir().resolve(TrainerState.OPTIMIZER);
        try (NDManager scratch = run.net().manager().newSubManager()) {
            List<NDArray> arrays = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                arrays.addAll(NDList.decode(scratch, read(file)));
            }
            List<NDArray> values = new ArrayList<>();
            for (Parameter q : run.parameters()) {
                values.add(q.getArray());
            }
            run.updater().restore(state.optimizerSteps(), arrays, values);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static TrainerState readState(Path dir) {
        try {
            TrainerState s = ModelFiles.gson()
                    .fromJson(
                            Files.readString(dir.resolve(TrainerState.FILE), StandardCharsets.UTF_8),
                            TrainerState.class);
            if (s == null || s.learningRates() == null || s.metrics() == null) {
                throw new LongshortException(dir.resolve(TrainerState.FILE) + " is incomplete");
            }
            return s;
        } catch (IOException | JsonParseException e) {
            throw new LongshortException(
                    "Cannot read " + dir.resolve(TrainerState.FILE) + " (" + e.getMessage()
                            + "): the checkpoint is damaged; delete that folder to resume from the one before.",
                    e);
        }
    }

    private static void restoreMetricsFiles(Path dir, Path outDir) {
        try {
            Files.createDirectories(outDir);
            for (String f : List.of(MetricsWriter.LOG_CSV, MetricsWriter.EPOCH_CSV)) {
                if (Files.isRegularFile(dir.resolve(f))) {
                    ModelFiles.writeAtomically(
                            outDir.resolve(f), Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot restore the metrics files into " + outDir + ": " + e.getMessage()
                            + "; check that the folder is writable.",
                    e);
        }
    }
}
