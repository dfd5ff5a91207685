package io.longshort.core.engine;

import java.util.List;

/**
 * A stack of LSTM layers computed in plain Java loops, in double precision: the reference that
 * each engine's fused kernel is checked against. It follows {@link Backend#lstm}'s contract: per
 * layer the weights {@code W_ih [4H, in]}, {@code W_hh [4H, H]} and biases {@code b_ih [4H]},
 * {@code b_hh [4H]}, gates in the order input, forget, cell, output, and
 *
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     f = sigmoid(...)     g = tanh(...)
 * o = sigmoid(...)     c' = f * c + i * g     h' = o * tanh(c')
 * </pre>
 *
 * <p>Arrays are row-major and time-major: the input is {@code [T, B, in]}, the state {@code [L, B,
 * H]}, the output {@code [T, B, H]}. It is meant for small sizes (a self-check, tests), not for
 * speed.
 */
public final class ReferenceLstm {

    private final int numLayers;
    private final int inputSize;
    private final int hiddenSize;
    private final double[][] parameters;

    /**
     * Creates the reference over float parameters, as an engine holds them.
     *
     * @param inputSize the input size of the first layer
     * @param hiddenSize the hidden size {@code H} of every layer
     * @param numLayers the number of layers
     * @param parameters for each layer in turn {@code W_ih, W_hh, b_ih, b_hh}, row-major
     * @throws IllegalArgumentException if the parameters do not have the sizes above
     */
    public ReferenceLstm(int inputSize, int hiddenSize, int numLayers, List<float[]> parameters) {
        this(
                inputSize,
                hiddenSize,
                numLayers,
                parameters.stream().map(ReferenceLstm::widen).toArray(double[][]::new));
    }

    private ReferenceLstm(int inputSize, int hiddenSize, int numLayers, double[][] parameters) {
        if (parameters.length != 4 * numLayers) {
            throw new IllegalArgumentException(
                    "Expected " + 4 * numLayers + " parameter arrays, got " + parameters.length);
        }
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : hiddenSize;
            int[] sizes = {4 * hiddenSize * in, 4 * hiddenSize * hiddenSize, 4 * hiddenSize, 4 * hiddenSize};
            for (int k = 0; k < 4; k++) {
                if (parameters[4 * l + k].length != sizes[k]) {
                    throw new IllegalArgumentException("Parameter " + k + " of layer " + l + " has "
                            + parameters[4 * l + k].length + " values, expected " + sizes[k]);
                }
            }
        }
        this.numLayers = numLayers;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.parameters = parameters;
    }

    /**
     * Creates the reference over double parameters, for finite differences finer than a float's
     * step.
     *
     * @param inputSize the input size of the first layer
     * @param hiddenSize the hidden size {@code H} of every layer
     * @param numLayers the number of layers
     * @param parameters for each layer in turn {@code W_ih, W_hh, b_ih, b_hh}, row-major (copied)
     * @return the reference
     * @throws IllegalArgumentException if the parameters do not have the sizes above
     */
    public static ReferenceLstm ofDoubles(int inputSize, int hiddenSize, int numLayers, List<double[]> parameters) {
        return new ReferenceLstm(
                inputSize,
                hiddenSize,
                numLayers,
                parameters.stream().map(double[]::clone).toArray(double[][]::new));
    }

    private static double[] widen(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    /**
     * The result of a run: the last layer's output for each step and the final state.
     *
     * @param output {@code [T, B, H]}
     * @param h the final hidden state {@code [L, B, H]}
     * @param c the final cell state {@code [L, B, H]}
     */
    public record Result(double[] output, double[] h, double[] c) {}

    /**
     * Runs the layers over a sequence.
     *
     * @param input the input {@code [T, B, in]}
     * @param steps the number of steps {@code T}
     * @param batch the batch size {@code B}
     * @param h0 the initial hidden state {@code [L, B, H]}
     * @param c0 the initial cell state {@code [L, B, H]}
     * @return the output and the final state
     */
    public Result run(double[] input, int steps, int batch, double[] h0, double[] c0) {
        int hs = hiddenSize;
        double[] h = h0.clone();
        double[] c = c0.clone();
        double[] layerInput = input;
        int in = inputSize;
        for (int l = 0; l < numLayers; l++) {
            double[] wIh = parameters[4 * l];
            double[] wHh = parameters[4 * l + 1];
            double[] bIh = parameters[4 * l + 2];
            double[] bHh = parameters[4 * l + 3];
            double[] out = new double[steps * batch * hs];
            double[] gates = new double[4 * hs];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    int xAt = (t * batch + b) * in;
                    int sAt = (l * batch + b) * hs;
                    for (int r = 0; r < 4 * hs; r++) {
                        double sum = bIh[r] + bHh[r];
                        for (int k = 0; k < in; k++) {
                            sum += wIh[r * in + k] * layerInput[xAt + k];
                        }
                        for (int k = 0; k < hs; k++) {
                            sum += wHh[r * hs + k] * h[sAt + k];
                        }
                        gates[r] = sum;
                    }
                    for (int j = 0; j < hs; j++) {
                        double i = sigmoid(gates[j]);
                        double f = sigmoid(gates[hs + j]);
                        double g = Math.tanh(gates[2 * hs + j]);
                        double o = sigmoid(gates[3 * hs + j]);
                        double cell = f * c[sAt + j] + i * g;
                        c[sAt + j] = cell;
                        h[sAt + j] = o * Math.tanh(cell);
                        out[(t * batch + b) * hs + j] = h[sAt + j];
                    }
                }
            }
            layerInput = out;
            in = hs;
        }
        return new Result(layerInput, h, c);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
