package io.longshort.core.spec;

import io.longshort.core.LongshortException;

/**
 * The update rule of a {@link TrainingPlan}: plain SGD (the recipe) or Adam. Either way the
 * gradient is first clipped by its global norm.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Adam {

    /**
     * Returns plain SGD: {@code p -= lr * g}.
     *
     * @return SGD
     */
    static Optimizer sgd() {
        return new Sgd();
    }

    /**
     * Returns Adam with the usual constants: {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code
     * epsilon = 1e-8}.
     *
     * @return Adam
     */
    static Optimizer adam() {
        return new Adam(0.9f, 0.999f, 1e-8f);
    }

    /**
     * Returns Adam with the given constants.
     *
     * @param beta1 the decay of the first-moment estimate, in {@code [0, 1)}
     * @param beta2 the decay of the second-moment estimate, in {@code [0, 1)}
     * @param epsilon added to the square root of the second moment, above 0
     * @return Adam
     */
    static Optimizer adam(float beta1, float beta2, float epsilon) {
        return new Adam(beta1, beta2, epsilon);
    }

    /**
     * Returns the name used in JSON: {@code sgd} or {@code adam}.
     *
     * @return the name
     */
    String type();

    /** Plain stochastic gradient descent, the recipe's rule: {@code p -= lr * g}. */
    record Sgd() implements Optimizer {
        @Override
        public String type() {
            return "sgd";
        }

        @Override
        public String toString() {
            return "SGD";
        }
    }

    /**
     * Adam (Kingma &amp; Ba 2015) with bias correction: {@code m = beta1 m + (1 - beta1) g},
     * {@code v = beta2 v + (1 - beta2) g^2}, {@code p -= lr * m_hat / (sqrt(v_hat) + epsilon)}
     * with {@code m_hat = m / (1 - beta1^t)} and {@code v_hat = v / (1 - beta2^t)}.
     *
     * @param beta1 the decay of the first-moment estimate, in {@code [0, 1)}
     * @param beta2 the decay of the second-moment estimate, in {@code [0, 1)}
     * @param epsilon added to the square root of the second moment, above 0
     */
    record Adam(float beta1, float beta2, float epsilon) implements Optimizer {

        /** Validates the constants. */
        public Adam {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new LongshortException("adam beta1 is " + beta1 + ": it must be in [0, 1).");
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new LongshortException("adam beta2 is " + beta2 + ": it must be in [0, 1).");
            }
            if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
                throw new LongshortException("adam epsilon is " + epsilon + ": it must be a finite number above 0.");
            }
        }

        @Override
        public String type() {
            return "adam";
        }

        @Override
        public String toString() {
            return "Adam(beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
        }
    }
}
