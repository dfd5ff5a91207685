package io.longshort.dsl;

import io.longshort.core.LongshortException;
import java.util.List;

/**
 * The recipe's presets as starting points for the builders (core's {@link
 * io.longshort.core.spec.Presets} holds their numbers):
 *
 * <pre>{@code
 * ModelSpec wider = Presets.medium().toBuilder().setHiddenSize(800).optDropout(0.6f).build();
 * TrainingPlan shorter = Presets.medium().toTrainingBuilder().optEpochs(10).build();
 * }</pre>
 */
public final class Presets {

    /** The names of all presets. */
    public static final List<String> NAMES = io.longshort.core.spec.Presets.NAMES;

    private Presets() {}

    /**
     * Returns a preset by name (case-insensitive).
     *
     * @param name one of {@link #NAMES}
     * @return the preset
     * @throws LongshortException if there is no such preset (the message lists the names)
     */
    public static LanguageModelPreset get(String name) {
        if (name == null || name.isBlank()) {
            throw new LongshortException("The preset name is missing: choose one of " + NAMES + ".");
        }
        return new LanguageModelPreset(io.longshort.core.spec.Presets.get(name.trim()));
    }

    /**
     * Returns the small configuration: 200 units, 20 steps, no dropout, 13 epochs.
     *
     * @return the preset
     */
    public static LanguageModelPreset small() {
        return new LanguageModelPreset(io.longshort.core.spec.Presets.small());
    }

    /**
     * Returns the medium configuration: 650 units, 35 steps, keep 0.5, 39 epochs.
     *
     * @return the preset
     */
    public static LanguageModelPreset medium() {
        return new LanguageModelPreset(io.longshort.core.spec.Presets.medium());
    }

    /**
     * Returns the large configuration: 1500 units, 35 steps, keep 0.35, clip 10, 55 epochs.
     *
     * @return the preset
     */
    public static LanguageModelPreset large() {
        return new LanguageModelPreset(io.longshort.core.spec.Presets.large());
    }

    /**
     * Returns the tutorial's run: medium with decay 0.93 after 10 epochs and 60 epochs.
     *
     * @return the preset
     */
    public static LanguageModelPreset tutorial() {
        return new LanguageModelPreset(io.longshort.core.spec.Presets.tutorial());
    }

    /**
     * Returns the tiny model for tests: 16 units, 5 steps, batch 4, 1 epoch.
     *
     * @return the preset
     */
    public static LanguageModelPreset tiny() {
        return new LanguageModelPreset(io.longshort.core.spec.Presets.tiny());
    }

    /**
     * Returns the demo on the built-in corpus: small's network, learning rate 0.25, 6 epochs.
     *
     * @return the preset
     */
    public static LanguageModelPreset demo() {
        return new LanguageModelPreset(io.longshort.core.spec.Presets.demo());
    }
}
