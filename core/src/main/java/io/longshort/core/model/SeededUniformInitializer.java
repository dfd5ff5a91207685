package io.longshort.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Uniform initialisation in {@code [-scale, scale]} drawn from a Java random generator, not from
 * the engine's: the same seed gives the same initial parameters on every engine, so that runs on
 * PyTorch and MXNet start from the same point. Parameters are drawn in the order the block
 * initialises them, which is fixed.
 */
final class SeededUniformInitializer implements Initializer {

    private final float scale;
    private final SplittableRandom random;

    SeededUniformInitializer(float scale, long seed) {
        this.scale = scale;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long size = shape.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter too large: " + shape);
        }
        float[] values = new float[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
