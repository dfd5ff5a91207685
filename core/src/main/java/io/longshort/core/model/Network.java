package io.longshort.core.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.longshort.core.LongshortException;
import io.longshort.core.Reasons;
import io.longshort.core.engine.Backend;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A language-model block with its parameters, living on one engine: the model's own manager owns
 * every parameter, and every array of a forward pass comes from that manager or its
 * sub-managers, so that two engines can work side by side in one JVM. What the engine keeps for
 * this network (the state of its LSTM kernels) belongs to the network alone: two networks on one
 * backend share none of it. Close the network to free the native memory of both.
 */
public final class Network implements AutoCloseable {

    private final Backend backend;
    private final NDManager manager;
    private final LstmLanguageModelBlock block;
    private final ParameterStore parameterStore;

    private Network(Backend backend, ModelSpec spec, Layout layout) {
        this.backend = backend;
        this.manager = backend.engine().newBaseManager();
        this.block = new LstmLanguageModelBlock(spec, layout, backend);
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * Creates a network with freshly initialised parameters.
     *
     * @param backend the engine
     * @param spec the model spec
     * @param layout the window layout
     * @param seed the seed of the initial values (the same on every engine) and of the engine's
     *     random generator (dropout)
     * @return the network
     */
    public static Network create(Backend backend, ModelSpec spec, Layout layout, long seed) {
        Network net = new Network(backend, spec, layout);
        backend.engine().setRandomSeed((int) seed);
        net.block.initializeParameters(net.manager, seed);
        return net;
    }

    /**
     * Creates a network and reads its parameters from a file written by {@link #save}.
     *
     * @param backend the engine
     * @param spec the model spec the parameters belong to
     * @param layout the window layout
     * @param file the parameter file
     * @return the network
     */
    public static Network load(Backend backend, ModelSpec spec, Layout layout, Path file) {
        Network net = new Network(backend, spec, layout);
        net.block.initializeParameters(net.manager, 0);
        List<Shape> expected = new ArrayList<>();
        for (Pair<String, Parameter> p : net.block.getParameters()) {
            expected.add(p.getValue().getArray().getShape());
        }
        String mismatch = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.block.loadParameters(net.manager, in);
            // DJL reads each array with the shape the file gives; a file of another spec must not
            // load quietly and fail at the first forward pass
            int i = 0;
            for (Pair<String, Parameter> p : net.block.getParameters()) {
                Shape actual = p.getValue().getArray().getShape();
                if (mismatch == null && !actual.equals(expected.get(i))) {
                    mismatch = p.getKey() + " has shape " + actual + " but the spec needs " + expected.get(i);
                }
                i++;
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            net.close();
            throw new LongshortException(
                    "Cannot read the parameters in " + file + " (" + Reasons.of(e) + "): the file is damaged or"
                            + " belongs to another model spec; restore the model folder from a copy or train"
                            + " the model again.",
                    e);
        }
        if (mismatch != null) {
            net.close();
            throw new LongshortException(
                    "Cannot read the parameters in " + file + " (" + mismatch + "): they belong to another model"
                            + " spec than model.json's; restore the model folder from a copy or train the model"
                            + " again.");
        }
        return net;
    }

    /**
     * Writes the parameters (DJL's parameter format, which every engine reads).
     *
     * @param file the file to write
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * Runs the network over a window.
     *
     * @param x the word ids, in the network's layout
     * @param state the initial recurrent state (as returned by {@link #state} or {@link
     *     #zeroState}), or {@code null} for zeros
     * @param training whether this is a training pass (dropout on)
     * @return the logits first, then the final recurrent state
     */
    public NDList forward(NDArray x, NDList state, boolean training) {
        NDList in = new NDList(x);
        if (state != null) {
            in.addAll(state);
        }
        return block.forward(parameterStore, in, training);
    }

    /**
     * Runs the network over a window in inference mode up to the softmax head; apply {@link
     * #logits} to the rows whose distribution is needed. Together they give what {@link #forward}
     * gives, for the head's work on those rows only.
     *
     * @param x the word ids, in the network's layout
     * @param state the initial recurrent state, or {@code null} for zeros
     * @return the head's input at every position ({@code [B, T, H]} or {@code [T, B, H]}), then
     *     the final recurrent state
     */
    public NDList features(NDArray x, NDList state) {
        NDList in = new NDList(x);
        if (state != null) {
            in.addAll(state);
        }
        return block.features(parameterStore, in, false);
    }

    /**
     * Applies the softmax head in inference mode to rows of what {@link #features} returned.
     *
     * @param features the head's input, last axis the features
     * @return the logits, {@code V} on the last axis
     */
    public NDArray logits(NDArray features) {
        return block.head(parameterStore, features, false);
    }

    /**
     * Returns the recurrent state part of a {@link #forward} result: every array after the
     * logits. Treat it as opaque: its layout is the block's business.
     *
     * @param output a forward result
     * @return the final state
     */
    public static NDList state(NDList output) {
        return new NDList(output.subList(1, output.size()));
    }

    /**
     * Returns the state with its gradient cut, owned by a new manager: what carries from one
     * window to the next.
     *
     * @param output a forward result
     * @param owner the manager that will own the detached state
     * @return the detached state
     */
    public static NDList detachedState(NDList output, NDManager owner) {
        NDList carried = new NDList(output.size() - 1);
        for (int i = 1; i < output.size(); i++) {
            carried.add(output.get(i).stopGradient());
        }
        carried.attach(owner);
        return carried;
    }

    /**
     * Returns a forward result whose state keeps only the batch rows from {@code from} on: what
     * carries when the texts before {@code from} have ended.
     *
     * @param output a forward result (or a {@link #features} result)
     * @param from the first batch row to keep
     * @return the first array as it is, then the state of the rows kept
     */
    public NDList keepRows(NDList output, long from) {
        return block.keepRows(output, from);
    }

    /**
     * Returns a zero state for a batch.
     *
     * @param manager the manager of the state
     * @param batchSize the batch size
     * @return the state
     */
    public NDList zeroState(NDManager manager, long batchSize) {
        return block.zeroState(manager, batchSize);
    }

    /**
     * Returns the trainable parameters in a fixed order.
     *
     * @return the parameters
     */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue());
        }
        return out;
    }

    /**
     * Returns the block.
     *
     * @return the block
     */
    public LstmLanguageModelBlock block() {
        return block;
    }

    /**
     * Returns the model spec.
     *
     * @return the spec
     */
    public ModelSpec spec() {
        return block.spec();
    }

    /**
     * Returns the window layout.
     *
     * @return the layout
     */
    public Layout layout() {
        return block.layout();
    }

    /**
     * Returns the backend.
     *
     * @return the backend
     */
    public Backend backend() {
        return backend;
    }

    /**
     * Returns the manager that owns the parameters; create per-step sub-managers from it.
     *
     * @return the manager
     */
    public NDManager manager() {
        return manager;
    }

    /** Closes the LSTM kernels, then the manager with the parameters. */
    @Override
    public void close() {
        try {
            block.close();
        } finally {
            manager.close();
        }
    }
}
