package io.longshort.core.spec;

import io.longshort.core.LongshortException;
import java.util.List;
import java.util.Locale;

/**
 * The presets of the recipe (Zaremba et al. 2014 and the TensorFlow tutorial), plus {@code tiny}
 * for tests and {@code demo} for the built-in corpus.
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>name</th><th>E/H</th><th>L</th><th>T</th><th>keep</th><th>init</th><th>lr decay</th>
 *       <th>epochs</th><th>clip</th><th>published test ppl</th></tr>
 *   <tr><td>small</td><td>200</td><td>2</td><td>20</td><td>1.0</td><td>0.1</td>
 *       <td>0.5 after 4</td><td>13</td><td>5</td><td>115.9</td></tr>
 *   <tr><td>medium</td><td>650</td><td>2</td><td>35</td><td>0.5</td><td>0.05</td>
 *       <td>0.8 after 6</td><td>39</td><td>5</td><td>82.1 to 82.7</td></tr>
 *   <tr><td>large</td><td>1500</td><td>2</td><td>35</td><td>0.35</td><td>0.04</td>
 *       <td>1/1.15 after 14</td><td>55</td><td>10</td><td>78.3 to 78.4</td></tr>
 *   <tr><td>tutorial</td><td>650</td><td>2</td><td>35</td><td>0.5</td><td>0.05</td>
 *       <td>0.93 after 10</td><td>60</td><td>5</td><td>(the tutorial's run)</td></tr>
 * </table>
 *
 * <p>All use batch 20, learning rate 1 and forget bias 1.
 */
public final class Presets {

    /** The names of all presets. */
    public static final List<String> NAMES = List.of("small", "medium", "large", "tutorial", "tiny", "demo");

    private static final int PTB_VOCAB = 10_000;

    private Presets() {}

    /**
     * Returns a preset by name (case-insensitive).
     *
     * @param name the name
     * @return the preset
     * @throws LongshortException if there is no such preset
     */
    public static Preset get(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "small":
                return small();
            case "medium":
                return medium();
            case "large":
                return large();
            case "tutorial":
                return tutorial();
            case "tiny":
                return tiny();
            case "demo":
                return demo();
            default:
                throw new LongshortException("Unknown preset '" + name + "': choose one of " + NAMES + ".");
        }
    }

    /**
     * The small configuration: 200 units, 20 steps, no dropout, 13 epochs (test ppl 115.9).
     *
     * @return the preset
     */
    public static Preset small() {
        return new Preset(
                "small",
                new ModelSpec(PTB_VOCAB, 200, 200, 2, 20, 20, 0f, 0.1f, 1f),
                plan(13, 1f, 0.5f, 4, 5f),
                "115.9");
    }

    /**
     * The medium configuration: 650 units, 35 steps, keep 0.5, 39 epochs (test ppl 82.1 to 82.7).
     *
     * @return the preset
     */
    public static Preset medium() {
        return new Preset(
                "medium",
                new ModelSpec(PTB_VOCAB, 650, 650, 2, 35, 20, 0.5f, 0.05f, 1f),
                plan(39, 1f, 0.8f, 6, 5f),
                "82.1 to 82.7");
    }

    /**
     * The large configuration: 1500 units, 35 steps, keep 0.35, clip 10, 55 epochs (test ppl 78.3
     * to 78.4).
     *
     * @return the preset
     */
    public static Preset large() {
        return new Preset(
                "large",
                new ModelSpec(PTB_VOCAB, 1500, 1500, 2, 35, 20, 0.65f, 0.04f, 1f),
                plan(55, 1f, (float) (1 / 1.15), 14, 10f),
                "78.3 to 78.4");
    }

    /**
     * The tutorial's run: medium with decay 0.93 after 10 epochs and 60 epochs.
     *
     * @return the preset
     */
    public static Preset tutorial() {
        return new Preset(
                "tutorial",
                new ModelSpec(PTB_VOCAB, 650, 650, 2, 35, 20, 0.5f, 0.05f, 1f),
                plan(60, 1f, 0.93f, 10, 5f),
                "");
    }

    /**
     * A tiny model for tests: 16 units, 2 layers, 5 steps, batch 4, 1 epoch.
     *
     * @return the preset
     */
    public static Preset tiny() {
        return new Preset(
                "tiny", new ModelSpec(PTB_VOCAB, 16, 16, 2, 5, 4, 0f, 0.1f, 1f), plan(1, 1f, 0.5f, 1, 5f), "");
    }

    /**
     * The demo on the built-in corpus: small's network (200 units, 2 layers, 20 steps, batch 20,
     * no dropout, init 0.1) with learning rate 0.25 (the recipe's 1.0 stalls on this corpus),
     * halved after 5 epochs, for 6 epochs: about two minutes on 2 cores.
     *
     * @return the preset
     */
    public static Preset demo() {
        return new Preset(
                "demo", new ModelSpec(PTB_VOCAB, 200, 200, 2, 20, 20, 0f, 0.1f, 1f), plan(6, 0.25f, 0.5f, 5, 5f), "");
    }

    private static TrainingPlan plan(int epochs, float lr, float decay, int maxLrEpoch, float clip) {
        return new TrainingPlan(epochs, 0, lr, decay, maxLrEpoch, clip, 42, 0, Layout.BATCH_MAJOR);
    }
}
