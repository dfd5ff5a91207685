package io.longshort.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's layers in a table, like Keras's {@code summary()}: each layer with its output shape
 * and parameter count, the total, and optionally the training plan.
 *
 * <pre>
 * Layer (type)                      Output shape        Param #
 * ==============================================================
 * embedding (Embedding)             [20, 20, 200]     2,000,000
 * lstm_l0 (LSTM)                    [20, 20, 200]       321,600
 * ...
 * </pre>
 */
public final class Summary {

    private static final String NL = System.lineSeparator();

    private Summary() {}

    /**
     * Returns the summary of a model, and of its training plan if given.
     *
     * @param spec the model
     * @param plan the training plan, or {@code null}; its layout decides the order of the shapes
     * @return the summary, several lines
     */
    public static String of(ModelSpec spec, TrainingPlan plan) {
        Layout layout = plan == null ? Layout.BATCH_MAJOR : plan.layout();
        List<String[]> rows = new ArrayList<>();
        int e = spec.embeddingSize();
        rows.add(row("embedding (Embedding)", shape(spec, layout, e), (long) spec.vocabularySize() * e));
        if (spec.inputDropout() > 0) {
            rows.add(row("input_dropout (Dropout " + rate(spec.inputDropout()) + ")", shape(spec, layout, e), 0));
        }
        for (int l = 0; l < spec.numLayers(); l++) {
            int h = spec.hiddenSize(l);
            rows.add(row("lstm_l" + l + " (LSTM)", shape(spec, layout, h), spec.lstmParameterCount(l)));
            if (l < spec.numLayers() - 1 && spec.hiddenDropout() > 0) {
                rows.add(row(
                        "dropout_l" + l + " (Dropout " + rate(spec.hiddenDropout()) + ")", shape(spec, layout, h), 0));
            }
        }
        if (spec.outputDropout() > 0) {
            rows.add(row(
                    "output_dropout (Dropout " + rate(spec.outputDropout()) + ")",
                    shape(spec, layout, spec.hiddenSize()),
                    0));
        }
        SoftmaxHead head = spec.softmax();
        long v = spec.vocabularySize();
        if (head.projection()) {
            rows.add(row("projection (Linear, no bias)", shape(spec, layout, e), (long) e * spec.hiddenSize()));
        }
        long headParams = v + (head.tied() ? 0 : v * head.inputSize(e, spec.hiddenSize()));
        rows.add(row(
                head.tied() ? "softmax (Dense, tied to embedding)" : "softmax (Dense)",
                shape(spec, layout, spec.vocabularySize()),
                headParams));

        int w0 = "Layer (type)".length();
        int w1 = "Output shape".length();
        int w2 = "Param #".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        String total = count(spec.parameterCount());
        w2 = Math.max(w2, total.length());
        int width = w0 + 2 + w1 + 2 + w2;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: LSTM language model, ")
                .append(spec.numLayers())
                .append(" layer")
                .append(spec.numLayers() == 1 ? "" : "s")
                .append(", ")
                .append(spec.numSteps())
                .append(" steps, batch ")
                .append(spec.batchSize())
                .append(NL);
        sb.append(line(w0, "Layer (type)", w1, "Output shape", w2, "Param #")).append(NL);
        sb.append("=".repeat(width)).append(NL);
        for (String[] r : rows) {
            sb.append(line(w0, r[0], w1, r[1], w2, r[2])).append(NL);
        }
        sb.append("=".repeat(width)).append(NL);
        sb.append("Total params: ").append(total).append(NL);
        sb.append("Recurrent state: ")
                .append(spec.uniformLayers() ? "h and c, each " : "h and c per layer, ")
                .append(stateShapes(spec))
                .append(", carried from window to window")
                .append(NL);
        sb.append(String.format(
                Locale.ROOT,
                "Init: uniform in [-%s, %s], forget-gate bias %s; sampling" + " temperature %s",
                spec.initScale(),
                spec.initScale(),
                spec.forgetBias(),
                head.temperature()));
        if (plan != null) {
            sb.append(NL).append("-".repeat(width)).append(NL);
            sb.append(planSummary(plan));
        }
        return sb.toString();
    }

    /**
     * Returns a few lines that describe a training plan in words.
     *
     * @param plan the plan
     * @return the description
     */
    public static String planSummary(TrainingPlan plan) {
        StringBuilder sb = new StringBuilder("Training plan:").append(NL);
        sb.append("  epochs ")
                .append(plan.epochs())
                .append(", step budget ")
                .append(plan.maxSteps() == 0 ? "none" : Long.toString(plan.maxSteps()))
                .append(NL);
        sb.append("  optimizer ")
                .append(plan.optimizer())
                .append(", learning rate ")
                .append(plan.learningRate())
                .append(", ");
        if (plan.schedule() instanceof LrSchedule.Recipe r) {
            sb.append("schedule lr0 * ")
                    .append(r.decay())
                    .append(" ^ max(epoch + 1 - ")
                    .append(r.maxLrEpoch())
                    .append(", 0)");
        } else if (plan.schedule() instanceof LrSchedule.Plateau p) {
            sb.append("schedule reduce on plateau: x")
                    .append(p.factor())
                    .append(" after ")
                    .append(p.patience() + 1)
                    .append(p.patience() == 0 ? " epoch" : " epochs")
                    .append(" without a better valid perplexity");
        }
        sb.append(NL);
        sb.append("  gradient clipped to global norm ")
                .append(plan.maxGradNorm())
                .append(", seed ")
                .append(plan.seed())
                .append(", log every ")
                .append(plan.logEvery() == 0 ? "tenth of an epoch" : plan.logEvery() + " windows")
                .append(", layout ")
                .append(plan.layout())
                .append(NL);
        sb.append("  checkpoints in ")
                .append(
                        plan.checkpointDir() == null
                                ? "MODEL_DIR/checkpoints"
                                : plan.checkpointDir().toString());
        return sb.toString();
    }

    private static String stateShapes(ModelSpec spec) {
        if (spec.uniformLayers()) {
            return "[" + spec.numLayers() + ", " + spec.batchSize() + ", " + spec.hiddenSize() + "]";
        }
        List<String> shapes = new ArrayList<>();
        for (int h : spec.hiddenSizes()) {
            shapes.add("[1, " + spec.batchSize() + ", " + h + "]");
        }
        return String.join(" ", shapes);
    }

    private static String[] row(String name, String shape, long params) {
        return new String[] {name, shape, count(params)};
    }

    private static String shape(ModelSpec spec, Layout layout, long last) {
        long b = spec.batchSize();
        long t = spec.numSteps();
        return layout == Layout.BATCH_MAJOR
                ? "[" + b + ", " + t + ", " + last + "]"
                : "[" + t + ", " + b + ", " + last + "]";
    }

    private static String rate(float r) {
        return Float.toString(r);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String line(int w0, String a, int w1, String b, int w2, String c) {
        return pad(a, w0) + "  " + pad(b, w1) + "  " + " ".repeat(w2 - c.length()) + c;
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
