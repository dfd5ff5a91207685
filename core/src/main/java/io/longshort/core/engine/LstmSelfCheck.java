package io.longshort.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.longshort.core.LongshortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when an engine loads, that its LSTM computes what {@link ReferenceLstm} computes: a
 * fused kernel can be wrong on one processor and right on the next (libtorch's oneDNN LSTM is on
 * AMD Zen 5), and a wrong LSTM trains and predicts without any error, only worse.
 *
 * <p>The check runs a two-layer LSTM of 16 units through kernels of {@link Backend#newLstmKernel},
 * each made for one run's parameters and closed after it, in the three ways a model uses it: a
 * window in inference, one step in inference (an incremental session) and a window in training
 * mode. Its weights are uniform in {@code [-0.5, 0.5]}, the size of a trained model's: freshly
 * initialised weights shrink an error like that one below float noise. It takes a few
 * milliseconds.
 *
 * <p>If the engine's default kernel differs from the reference by more than {@value #TOLERANCE},
 * the engine's fallbacks are switched on in turn; the first that agrees is kept and named in one
 * warning. If none agrees, the engine refuses to run. The system property {@value #PROPERTY} makes
 * the check fail on any machine, to exercise this: {@code fail} fails the default kernel (so the
 * first fallback is taken), {@code fail-all} fails every path; {@code pytorch:fail} does so for
 * one engine only.
 */
public final class LstmSelfCheck {

    /** The system property that forces the check to fail: {@code fail} or {@code fail-all}. */
    public static final String PROPERTY = "longshort.selfcheck";

    /** The largest difference from the reference that counts as agreement (float noise is 1e-7). */
    public static final double TOLERANCE = 1e-4;

    private static final Logger LOG = LoggerFactory.getLogger(LstmSelfCheck.class);

    private static final int INPUT = 16;
    private static final int HIDDEN = 16;
    private static final int LAYERS = 2;
    private static final int STEPS = 5;
    private static final int BATCH = 3;
    private static final float WEIGHT_SCALE = 0.5f;

    private LstmSelfCheck() {}

    /**
     * Checks a freshly loaded backend and switches it to a fallback where its default kernel is
     * wrong.
     *
     * @param backend the backend, whose engine has loaded
     * @param fallbacks the backend's safer paths, in order of preference
     * @param forced the value of {@value #PROPERTY}, or {@code null}
     * @return the fallback switched on, or empty when the default kernel agrees
     * @throws LongshortException if no path agrees with the reference
     */
    public static Optional<LstmFallback> verify(Backend backend, List<LstmFallback> fallbacks, String forced) {
        int forcedFailures = forcedFailures(forced, backend.name());
        double first = maxDifference(backend);
        if (first <= TOLERANCE && forcedFailures == 0) {
            return Optional.empty();
        }
        String why = String.format(
                Locale.ROOT,
                "max difference %.3g from the reference LSTM%s",
                first,
                forcedFailures > 0 ? ", forced by -D" + PROPERTY + "=" + forced : "");
        for (int k = 0; k < fallbacks.size(); k++) {
            LstmFallback fallback = fallbacks.get(k);
            try {
                fallback.switchOn().run();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug(
                        "Cannot switch the {} engine to {}: {}", backend.name(), fallback.description(), e.toString());
                continue;
            }
            double d = maxDifference(backend);
            if (d <= TOLERANCE && forcedFailures <= k + 1) {
                LOG.warn(
                        "The {} engine's LSTM failed its self-check on this CPU, {} ({}); switched to {},"
                                + " which agrees with the reference (results are correct, speed may differ).",
                        backend.name(),
                        Cpu.description(),
                        why,
                        fallback.description());
                return Optional.of(fallback);
            }
        }
        List<String> tried = new ArrayList<>();
        fallbacks.forEach(f -> tried.add(f.description()));
        String also = tried.isEmpty() ? "" : "; also with " + String.join(", ", tried);
        throw new LongshortException("The " + backend.name() + " engine's LSTM failed its self-check on this CPU, "
                + Cpu.description() + " (" + why + also + "): choose another engine (system property "
                + Backends.PROPERTY + ", variable " + Backends.ENV + " or engine= in " + Backends.PROPERTIES_FILE
                + ").");
    }

    private static int forcedFailures(String forced, String engine) {
        if (forced == null || forced.isBlank()) {
            return 0;
        }
        String value = forced.trim().toLowerCase(Locale.ROOT);
        int colon = value.indexOf(':');
        String mode = colon < 0 ? value : value.substring(colon + 1);
        int failures;
        switch (mode) {
            case "fail":
                failures = 1;
                break;
            case "fail-all":
                failures = Integer.MAX_VALUE;
                break;
            default:
                throw new LongshortException("Unknown value '" + forced + "' of the system property " + PROPERTY
                        + ": use fail (fail the default kernel) or fail-all (fail every path), optionally for one"
                        + " engine (pytorch:fail), or leave it unset.");
        }
        return colon < 0 || value.substring(0, colon).equals(engine) ? failures : 0;
    }

    /**
     * Returns the largest absolute difference between the backend's LSTM and the reference, over
     * the output and the final state of a window in inference, one step in inference and a window
     * in training mode.
     *
     * @param backend the backend
     * @return the largest difference
     */
    public static double maxDifference(Backend backend) {
        Random random = new Random(20141231);
        List<float[]> parameters = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            int in = l == 0 ? INPUT : HIDDEN;
            parameters.add(uniform(random, 4 * HIDDEN * in, WEIGHT_SCALE));
            parameters.add(uniform(random, 4 * HIDDEN * HIDDEN, WEIGHT_SCALE));
            parameters.add(uniform(random, 4 * HIDDEN, WEIGHT_SCALE));
            parameters.add(uniform(random, 4 * HIDDEN, WEIGHT_SCALE));
        }
        ReferenceLstm reference = new ReferenceLstm(INPUT, HIDDEN, LAYERS, parameters);
        double window = difference(backend, parameters, reference, random, STEPS, false, false);
        double step = difference(backend, parameters, reference, random, 1, false, true);
        double training = difference(backend, parameters, reference, random, STEPS, true, true);
        return Math.max(window, Math.max(step, training));
    }

    private static double difference(
            Backend backend,
            List<float[]> values,
            ReferenceLstm reference,
            Random random,
            int steps,
            boolean training,
            boolean batchFirst) {
        double[] x = uniform(random, steps * BATCH * INPUT);
        double[] h0 = uniform(random, LAYERS * BATCH * HIDDEN);
        double[] c0 = uniform(random, LAYERS * BATCH * HIDDEN);
        ReferenceLstm.Result want = reference.run(x, steps, BATCH, h0, c0);
        try (NDManager m = backend.engine().newBaseManager();
                LstmKernel kernel = backend.newLstmKernel(LAYERS)) {
            NDList parameters = new NDList();
            for (int l = 0; l < LAYERS; l++) {
                long in = l == 0 ? INPUT : HIDDEN;
                Shape[] shapes = {
                    new Shape(4 * HIDDEN, in),
                    new Shape(4 * HIDDEN, HIDDEN),
                    new Shape(4 * HIDDEN),
                    new Shape(4 * HIDDEN)
                };
                for (int k = 0; k < 4; k++) {
                    parameters.add(m.create(values.get(4 * l + k), shapes[k]));
                }
            }
            NDArray input = m.create(toFloats(x), new Shape(steps, BATCH, INPUT));
            if (batchFirst) {
                input = input.transpose(1, 0, 2);
            }
            Shape stateShape = new Shape(LAYERS, BATCH, HIDDEN);
            NDList state = new NDList(m.create(toFloats(h0), stateShape), m.create(toFloats(c0), stateShape));
            NDArray in = input;
            NDList out;
            if (training) {
                try (GradientCollector collector = backend.engine().newGradientCollector()) {
                    out = kernel.forward(in, state, parameters, 0f, true, batchFirst);
                }
            } else {
                out = backend.inference(() -> kernel.forward(in, state, parameters, 0f, false, batchFirst));
            }
            NDArray output = batchFirst ? out.get(0).transpose(1, 0, 2) : out.get(0);
            return Math.max(
                    maxAbs(output.toFloatArray(), want.output()),
                    Math.max(
                            maxAbs(out.get(1).toFloatArray(), want.h()),
                            maxAbs(out.get(2).toFloatArray(), want.c())));
        }
    }

    private static double maxAbs(float[] actual, double[] expected) {
        if (actual.length != expected.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    private static float[] uniform(Random random, int n, float scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return values;
    }

    private static double[] uniform(Random random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
