package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.LstmSelfCheck;
import io.longshort.core.engine.ReferenceLstm;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each engine on its own, not only their agreement, against plain-Java references computed in
 * double precision from the same parameters: the LSTM layers (a window, one step, training mode,
 * the carried state, the gradients), the whole network with its softmax head, the cost and its
 * closed-form logit gradient, and the clipping norm. The weights are the size of a trained
 * model's ({@code [-0.5, 0.5]}): freshly initialised ones ({@code [-0.05, 0.05]}) hide a wrong
 * kernel below the bound.
 */
class EngineReferenceTest {

    private static final double BOUND = 1e-4;
    private static final float SCALE = 0.5f;

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void theSelfCheckPasses(String engine) {
        Backend backend = Backends.get(engine);
        double d = LstmSelfCheck.maxDifference(backend);
        assertTrue(d <= BOUND, engine + " (" + backend.describe() + "): max difference " + d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void lstmLayersMatchTheReference(String engine) {
        Backend backend = Backends.get(engine);
        for (int layers = 1; layers <= 3; layers++) {
            for (int steps : new int[] {1, 7}) {
                for (boolean training : new boolean[] {false, true}) {
                    for (boolean batchFirst : new boolean[] {false, true}) {
                        Case c = new Case(layers, 10, 24, steps, 4, 31L * layers + steps);
                        double d = c.difference(backend, training, batchFirst);
                        assertTrue(
                                d <= BOUND,
                                engine + ": " + layers + " layers, " + steps + " steps, training " + training
                                        + ", batch-first " + batchFirst + ": max difference " + d);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void twoWindowsWithCarriedStateMatchTheReferenceOverBoth(String engine) {
        Backend backend = Backends.get(engine);
        Case c = new Case(2, 8, 12, 10, 3, 5);
        ReferenceLstm.Result want = c.reference.run(c.x, c.steps, c.batch, c.h0, c.c0);
        int half = c.steps / 2;
        int per = c.batch * c.in;
        try (NDManager m = backend.engine().newBaseManager()) {
            NDList params = c.parameters(m);
            NDArray first = m.create(floats(c.x, 0, half * per), new Shape(half, c.batch, c.in));
            NDArray second = m.create(floats(c.x, half * per, c.x.length), new Shape(c.steps - half, c.batch, c.in));
            NDList state = c.state(m);
            NDList a = backend.inference(() -> backend.lstm(first, state, params, c.layers, 0f, false, false));
            NDList carried = new NDList(a.get(1), a.get(2));
            NDList b = backend.inference(() -> backend.lstm(second, carried, params, c.layers, 0f, false, false));
            double d = Math.max(
                    maxAbs(a.get(0).concat(b.get(0), 0).toFloatArray(), want.output()),
                    Math.max(
                            maxAbs(b.get(1).toFloatArray(), want.h()),
                            maxAbs(b.get(2).toFloatArray(), want.c())));
            assertTrue(d <= BOUND, engine + ": max difference " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void lstmGradientsMatchTheReferenceByFiniteDifferences(String engine) {
        Backend backend = Backends.get(engine);
        Case c = new Case(2, 4, 5, 3, 2, 9);
        Random random = new Random(3);
        double[] weights = uniform(random, c.steps * c.batch * c.hidden, 1f);
        try (NDManager m = backend.engine().newBaseManager()) {
            NDList params = c.parameters(m);
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            NDArray input = m.create(floats(c.x, 0, c.x.length), new Shape(c.steps, c.batch, c.in));
            NDList state = c.state(m);
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                NDList out = backend.lstm(input, state, params, c.layers, 0f, true, false);
                NDArray loss = out.get(0)
                        .mul(m.create(
                                floats(weights, 0, weights.length), out.get(0).getShape()))
                        .sum();
                collector.backward(loss);
            }
            double worst = 0;
            for (int k = 0; k < params.size(); k++) {
                float[] grad = params.get(k).getGradient().toFloatArray();
                double[] want = c.finiteDifferenceGradient(k, weights);
                worst = Math.max(worst, maxAbs(grad, want));
            }
            assertTrue(worst <= 1e-3, engine + ": max gradient difference " + worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void networkLogitsMatchEmbeddingReferenceLstmAndSoftmaxHead(String engine) {
        Backend backend = Backends.get(engine);
        int v = 30;
        int e = 8;
        int h = 8;
        int layers = 2;
        int steps = 5;
        int batch = 3;
        ModelSpec spec = new ModelSpec(v, e, h, layers, steps, batch, 0f, 0.05f, 1f);
        try (Network net = Network.create(backend, spec, Layout.TIME_MAJOR, 21);
                NDManager m = net.manager().newSubManager()) {
            List<float[]> values = new ArrayList<>();
            for (Parameter p : net.parameters()) {
                p.getArray().muli(SCALE / 0.05f); // trained-size weights
                values.add(p.getArray().toFloatArray());
            }
            int[] ids = new Random(4).ints(steps * batch, 0, v).toArray();
            NDList out = backend.inference(() -> net.forward(m.create(ids, new Shape(steps, batch)), null, false));
            float[] embedding = values.get(0);
            double[] x = new double[steps * batch * e];
            for (int i = 0; i < ids.length; i++) {
                for (int j = 0; j < e; j++) {
                    x[i * e + j] = embedding[ids[i] * e + j];
                }
            }
            ReferenceLstm lstm = new ReferenceLstm(e, h, layers, values.subList(1, 1 + 4 * layers));
            double[] hidden = lstm.run(x, steps, batch, new double[layers * batch * h], new double[layers * batch * h])
                    .output();
            float[] w = values.get(1 + 4 * layers);
            float[] bias = values.get(2 + 4 * layers);
            double[] logits = new double[steps * batch * v];
            for (int i = 0; i < steps * batch; i++) {
                for (int r = 0; r < v; r++) {
                    double sum = bias[r];
                    for (int k = 0; k < h; k++) {
                        sum += w[r * h + k] * hidden[i * h + k];
                    }
                    logits[i * v + r] = sum;
                }
            }
            double d = maxAbs(out.get(0).toFloatArray(), logits);
            assertTrue(d <= BOUND, engine + ": max logit difference " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void costAndClosedFormLogitGradientMatchJava(String engine) {
        Backend backend = Backends.get(engine);
        int positions = 6;
        int v = 7;
        long batch = 2;
        Random random = new Random(8);
        double[] logits = uniform(random, positions * v, 4f);
        int[] targets = random.ints(positions, 0, v).toArray();
        double cost = 0;
        double[] gradient = new double[logits.length];
        for (int p = 0; p < positions; p++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < v; r++) {
                max = Math.max(max, logits[p * v + r]);
            }
            double z = 0;
            for (int r = 0; r < v; r++) {
                z += Math.exp(logits[p * v + r] - max);
            }
            cost -= (logits[p * v + targets[p]] - max - Math.log(z)) / batch;
            for (int r = 0; r < v; r++) {
                double softmax = Math.exp(logits[p * v + r] - max) / z;
                gradient[p * v + r] = (softmax - (r == targets[p] ? 1 : 0)) / batch;
            }
        }
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray leaf = m.create(floats(logits, 0, logits.length), new Shape(batch, positions / batch, v));
            leaf.setRequiresGradient(true);
            NDArray y = m.create(targets, new Shape(batch, positions / batch)).toType(DataType.INT32, false);
            float got;
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                NDArray recorded = leaf.mul(1f);
                got = backend.backwardFromLogits(recorded, y, batch)
                        .orElseGet(() -> {
                            NDArray c = io.longshort.core.model.Losses.cost(recorded, y, batch);
                            collector.backward(c);
                            return c;
                        })
                        .toFloatArray()[0];
            }
            assertEquals(cost, got, 1e-5, engine + ": cost");
            double d = maxAbs(leaf.getGradient().toFloatArray(), gradient);
            assertTrue(d <= 1e-6, engine + ": max logit-gradient difference " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void clippingNormMatchesJava(String engine) {
        Backend backend = Backends.get(engine);
        Random random = new Random(12);
        try (NDManager m = backend.engine().newBaseManager()) {
            List<NDArray> arrays = new ArrayList<>();
            double want = 0;
            for (int size : new int[] {1, 17, 4096, 300}) {
                double[] values = uniform(random, size, 3f);
                for (double x : values) {
                    want += x * x;
                }
                arrays.add(m.create(floats(values, 0, size)));
            }
            float got = backend.sumOfSquares(arrays).toFloatArray()[0];
            assertEquals(want, got, want * 1e-6, engine);
        }
    }

    /** A small LSTM stack with trained-size parameters, an input and a state, all random. */
    private static final class Case {
        final int layers;
        final int in;
        final int hidden;
        final int steps;
        final int batch;
        final ReferenceLstm reference;
        final List<float[]> params = new ArrayList<>();
        final double[] x;
        final double[] h0;
        final double[] c0;

        Case(int layers, int in, int hidden, int steps, int batch, long seed) {
            this.layers = layers;
            this.in = in;
            this.hidden = hidden;
            this.steps = steps;
            this.batch = batch;
            Random random = new Random(seed);
            for (int l = 0; l < layers; l++) {
                int layerIn = l == 0 ? in : hidden;
                for (int size : new int[] {4 * hidden * layerIn, 4 * hidden * hidden, 4 * hidden, 4 * hidden}) {
                    params.add(toFloats(uniform(random, size, SCALE)));
                }
            }
            reference = new ReferenceLstm(in, hidden, layers, params);
            x = uniform(random, steps * batch * in, 1f);
            h0 = uniform(random, layers * batch * hidden, 0.5f);
            c0 = uniform(random, layers * batch * hidden, 0.5f);
        }

        NDList parameters(NDManager m) {
            NDList list = new NDList();
            for (int l = 0; l < layers; l++) {
                long layerIn = l == 0 ? in : hidden;
                list.add(m.create(params.get(4 * l), new Shape(4L * hidden, layerIn)));
                list.add(m.create(params.get(4 * l + 1), new Shape(4L * hidden, hidden)));
                list.add(m.create(params.get(4 * l + 2), new Shape(4L * hidden)));
                list.add(m.create(params.get(4 * l + 3), new Shape(4L * hidden)));
            }
            return list;
        }

        NDList state(NDManager m) {
            Shape shape = new Shape(layers, batch, hidden);
            return new NDList(m.create(floats(h0, 0, h0.length), shape), m.create(floats(c0, 0, c0.length), shape));
        }

        double difference(Backend backend, boolean training, boolean batchFirst) {
            ReferenceLstm.Result want = reference.run(x, steps, batch, h0, c0);
            try (NDManager m = backend.engine().newBaseManager()) {
                NDList p = parameters(m);
                NDArray timeMajor = m.create(floats(x, 0, x.length), new Shape(steps, batch, in));
                NDArray input = batchFirst ? timeMajor.transpose(1, 0, 2) : timeMajor;
                NDList state = state(m);
                NDList out;
                if (training) {
                    try (GradientCollector collector = backend.engine().newGradientCollector()) {
                        out = backend.lstm(input, state, p, layers, 0f, true, batchFirst);
                    }
                } else {
                    out = backend.inference(() -> backend.lstm(input, state, p, layers, 0f, false, batchFirst));
                }
                NDArray output = batchFirst ? out.get(0).transpose(1, 0, 2) : out.get(0);
                return Math.max(
                        maxAbs(output.toFloatArray(), want.output()),
                        Math.max(
                                maxAbs(out.get(1).toFloatArray(), want.h()),
                                maxAbs(out.get(2).toFloatArray(), want.c())));
            }
        }

        /** The gradient of {@code sum(output * weights)} by parameter array {@code k}, by central differences. */
        double[] finiteDifferenceGradient(int k, double[] weights) {
            float[] original = params.get(k);
            double[] grad = new double[original.length];
            double eps = 1e-3;
            for (int i = 0; i < original.length; i++) {
                grad[i] = (loss(k, i, eps, weights) - loss(k, i, -eps, weights)) / (2 * eps);
            }
            return grad;
        }

        private double loss(int k, int i, double delta, double[] weights) {
            List<double[]> p = new ArrayList<>();
            for (float[] a : params) {
                double[] d = new double[a.length];
                for (int j = 0; j < a.length; j++) {
                    d[j] = a[j];
                }
                p.add(d);
            }
            p.get(k)[i] += delta;
            double[] out = ReferenceLstm.ofDoubles(in, hidden, layers, p)
                    .run(x, steps, batch, h0, c0)
                    .output();
            double sum = 0;
            for (int j = 0; j < out.length; j++) {
                sum += out[j] * weights[j];
            }
            return sum;
        }
    }

    private static double[] uniform(Random random, int n, float scale) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    private static float[] toFloats(double[] values) {
        return floats(values, 0, values.length);
    }

    private static float[] floats(double[] values, int from, int to) {
        float[] f = new float[to - from];
        for (int i = from; i < to; i++) {
            f[i - from] = (float) values[i];
        }
        return f;
    }

    private static double maxAbs(float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, "length");
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            assertTrue(!Double.isNaN(d), "NaN at " + i);
            max = Math.max(max, d);
        }
        return max;
    }
}
