package io.longshort.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.longshort.core.engine.Backend;
import io.longshort.core.spec.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one update to the parameters from their (already computed) gradients, scaled by the
 * global-norm clip factor: plain SGD ({@code p -= lr * s * g}) or Adam with bias correction. Adam's
 * moment estimates live in a sub-manager of the model's own manager, created at the first step
 * and freed by {@link #close()} or with the model. Every temporary array is attached to the
 * step's manager. Not thread-safe; one per run.
 */
public final class ParameterUpdater implements AutoCloseable {

    private final Backend backend;
    private final Optimizer optimizer;
    private final NDManager owner;
    private NDManager stateManager;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long steps;

    /**
     * Creates an updater.
     *
     * @param backend the backend of the parameters, whose {@link Backend#sgdStep} applies SGD
     * @param optimizer the update rule
     * @param owner the manager that owns the parameters (the model's); Adam's state goes into a
     *     sub-manager of it
     */
    public ParameterUpdater(Backend backend, Optimizer optimizer, NDManager owner) {
        this.backend = backend;
        this.optimizer = optimizer;
        this.owner = owner;
    }

    /**
     * Returns the number of updates applied.
     *
     * @return the step count {@code t}
     */
    public long steps() {
        return steps;
    }

    /**
     * Updates each parameter in place.
     *
     * @param parameters the parameter arrays
     * @param gradients their gradients, owned by {@code step}; plain SGD may overwrite them (see
     *     {@link Backend#sgdStep})
     * @param learningRate the learning rate
     * @param clipScale the global-norm clip factor, {@code min(1, limit / norm)}
     * @param step the manager of this step, which receives every temporary array
     */
    public void update(
            List<NDArray> parameters, List<NDArray> gradients, float learningRate, double clipScale, NDManager step) {
        steps++;
        if (optimizer instanceof Optimizer.Adam adam) {
            adam(adam, parameters, gradients, learningRate, (float) clipScale, step);
            return;
        }
        backend.sgdStep(parameters, gradients, (float) (learningRate * clipScale));
    }

    private void adam(
            Optimizer.Adam adam,
            List<NDArray> parameters,
            List<NDArray> gradients,
            float learningRate,
            float clipScale,
            NDManager step) {
        if (stateManager == null) {
            stateManager = owner.newSubManager();
            for (NDArray p : parameters) {
                firstMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
                secondMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
            }
        }
        float b1 = adam.beta1();
        float b2 = adam.beta2();
        double correction1 = 1 - Math.pow(b1, steps);
        double correction2 = 1 - Math.pow(b2, steps);
        // p -= lr * (m / c1) / (sqrt(v / c2) + eps) = (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps)
        float stepSize = (float) (learningRate / correction1);
        float sqrtC2 = (float) Math.sqrt(correction2);
        for (int k = 0; k < parameters.size(); k++) {
            NDArray g = gradients.get(k).mul(clipScale);
            NDArray m = firstMoments.get(k);
            NDArray v = secondMoments.get(k);
            m.muli(b1).addi(g.mul(1 - b1));
            v.muli(b2).addi(g.square().muli(1 - b2));
            NDArray denominator = v.sqrt();
            denominator.attach(step);
            denominator.divi(sqrtC2).addi(adam.epsilon());
            NDArray change = m.div(denominator);
            change.attach(step);
            parameters.get(k).subi(change.muli(stepSize));
        }
    }

    /**
     * Returns the optimizer's state arrays: Adam's first moments then its second moments, in
     * parameter order; empty for SGD or before the first step.
     *
     * @return the arrays (owned by this updater; copy them to keep them)
     */
    public List<NDArray> stateArrays() {
        List<NDArray> out = new ArrayList<>(firstMoments);
        out.addAll(secondMoments);
        return out;
    }

    /**
     * Continues from a saved state: the step count and the arrays {@link #stateArrays()} returned.
     *
     * @param stepCount the number of updates applied
     * @param arrays the state arrays, or an empty list
     * @param parameters the parameter arrays, for the shapes
     */
    public void restore(long stepCount, List<NDArray> arrays, List<NDArray> parameters) {
        close();
        steps = stepCount;
        if (arrays.isEmpty()) {
            return;
        }
        if (arrays.size() != 2 * parameters.size()) {
            throw new IllegalArgumentException(
                    "expected " + 2 * parameters.size() + " optimizer arrays, got " + arrays.size());
        }
        stateManager = owner.newSubManager();
        for (int k = 0; k < arrays.size(); k++) {
            NDArray copy = stateManager.create(
                    arrays.get(k).toFloatArray(), arrays.get(k).getShape());
            (k < parameters.size() ? firstMoments : secondMoments).add(copy);
        }
    }

    @Override
    public void close() {
        if (stateManager != null) {
            stateManager.close();
            stateManager = null;
            firstMoments.clear();
            secondMoments.clear();
        }
    }
}
