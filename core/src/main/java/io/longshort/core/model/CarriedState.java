package io.longshort.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The recurrent state that carries from one window (or chunk, or word) to the next, with its
 * gradient cut. It lives in a sub-manager of its own that is replaced at every {@link #carry}:
 * the next state is detached into a new sub-manager before the old one is closed, so the native
 * memory held is one state at a time however many windows run. Close it to free that state.
 *
 * <pre>{@code
 * try (CarriedState state = new CarriedState(net)) {
 *     state.zero(batchSize);
 *     for (...) {
 *         NDList out = net.forward(x, state.get(), training);
 *         state.carry(out);
 *     }
 * }
 * }</pre>
 */
public final class CarriedState implements AutoCloseable {

    private final Network network;
    private NDManager manager;
    private NDList state;

    /**
     * Creates an empty state ({@link #get} returns {@code null}, which the network reads as
     * zeros).
     *
     * @param network the network whose state this is; its manager is the parent of the state's
     */
    public CarriedState(Network network) {
        this.network = network;
    }

    /**
     * Returns the state to start the next forward pass from.
     *
     * @return the state, or {@code null} when empty
     */
    public NDList get() {
        return state;
    }

    /**
     * Returns whether there is no state (at the start, or after {@link #reset}).
     *
     * @return whether {@link #get} returns {@code null}
     */
    public boolean isEmpty() {
        return state == null;
    }

    /**
     * Sets the state to zeros for a batch.
     *
     * @param batchSize the batch size
     */
    public void zero(long batchSize) {
        NDManager next = network.manager().newSubManager();
        replace(next, network.zeroState(next, batchSize));
    }

    /**
     * Sets the state to one saved with {@link NDList#encode()}.
     *
     * @param encoded the encoded state
     */
    public void decode(byte[] encoded) {
        NDManager next = network.manager().newSubManager();
        try {
            replace(next, NDList.decode(next, encoded));
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
    }

    /**
     * Takes the final state of a forward pass, detached from its graph, as the state to carry.
     *
     * @param output a {@link Network#forward} result
     */
    public void carry(NDList output) {
        NDManager next = network.manager().newSubManager();
        replace(next, Network.detachedState(output, next));
    }

    /** Frees the state and empties it. */
    public void reset() {
        replace(null, null);
    }

    private void replace(NDManager nextManager, NDList next) {
        if (manager != null) {
            manager.close();
        }
        manager = nextManager;
        state = next;
    }

    @Override
    public void close() {
        reset();
    }
}
