package io.longshort.core.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown by {@link LanguageModelTrainer#train()} when {@link LanguageModelTrainer#stop()} was
 * called: training stopped after the window in progress and a checkpoint of that position was
 * written, from which {@link LanguageModelTrainer#optResume optResume(true)} continues the run
 * exactly. It is not a mistake of the caller, so it is not a {@code LongshortException}.
 */
public final class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path checkpoint;
    private final transient TrainingPosition position;

    /**
     * Creates the exception.
     *
     * @param checkpoint the checkpoint holding the position, or {@code null} if nothing was
     *     trained yet
     * @param position where the run stands
     */
    public TrainingStoppedException(Path checkpoint, TrainingPosition position) {
        super("Training stopped at " + position.describe()
                + (checkpoint != null ? "; checkpoint in " + checkpoint : "; nothing trained yet, so no checkpoint"));
        this.checkpoint = checkpoint;
        this.position = position;
    }

    /**
     * Returns the checkpoint written for the position, from which a resumed run continues.
     *
     * @return its folder, or empty if the run stopped before its first window
     */
    public Optional<Path> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * Returns where the run stands.
     *
     * @return the position
     */
    public TrainingPosition position() {
        return position;
    }
}
