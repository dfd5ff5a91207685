package io.longshort.core.spec;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.longshort.core.LongshortException;
import io.longshort.core.Reasons;
import io.longshort.core.data.DataSource;
import io.longshort.core.data.Tokenizer;
import io.longshort.core.data.UnknownWords;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON form of {@link ModelSpec}, {@link TrainingPlan}, {@link DataSource} and {@link
 * Experiment}. Every field is written; on reading, unknown keys and values of the wrong type are
 * refused with a message naming the key ({@code model.numSteps is "x": it must be a whole
 * number.}), and optional keys take their documented defaults.
 *
 * <p>A model: {@code vocabularySize}, {@code embeddingSize}, {@code hiddenSizes} (one size per
 * layer), {@code numSteps}, {@code batchSize}, {@code initScale} (all required), {@code
 * inputDropout}, {@code hiddenDropout}, {@code outputDropout} (default 0, or all three from one
 * {@code dropout}), {@code forgetBias} (default 1) and {@code softmax} ({@code tied}, {@code
 * projection}: default false; {@code temperature}: default 1). The files of longshort 0.1 wrote
 * {@code hiddenSize} and {@code numLayers} instead of {@code hiddenSizes} and one {@code dropout};
 * they are still read.
 *
 * <p>A training plan: {@code epochs}, {@code learningRate}, {@code maxGradNorm} (required), {@code
 * maxSteps} (default 0), {@code optimizer} ({@code {"type": "sgd"}}, the default, or {@code
 * {"type": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}}), {@code schedule} ({@code
 * {"type": "recipe", "decay": 0.5, "maxLrEpoch": 4}} or {@code {"type": "plateau", "factor": 0.25,
 * "patience": 0}}; longshort 0.1's top-level {@code lrDecay} and {@code maxLrEpoch} are read as
 * the recipe's; default: no decay), {@code seed} (default 42), {@code logEvery} (default 0),
 * {@code layout} (default {@code BATCH_MAJOR}) and {@code checkpointDir} (default: none, the
 * model folder's {@code checkpoint}).
 *
 * <p>A data source: {@code {"kind": "builtin", "seed": 42}}, {@code {"kind": "ptb", "path":
 * "DIR"}} or {@code {"kind": "text", "train": "FILE", "valid": "FILE", "test": "FILE",
 * "tokenizer": "SENTENCE_PER_LINE"}}, the last two with an optional {@code unknownWords} ({@code
 * DROP}, the default, or {@code MAP_TO_UNK}). Relative paths are relative to the working folder.
 */
public final class SpecJson {

    private static final Gson PRETTY = new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .create();
    private static final Gson PLAIN = new GsonBuilder().disableHtmlEscaping().create();

    private static final List<String> MODEL_KEYS = List.of(
            "vocabularySize",
            "embeddingSize",
            "hiddenSizes",
            "numSteps",
            "batchSize",
            "inputDropout",
            "hiddenDropout",
            "outputDropout",
            "initScale",
            "forgetBias",
            "softmax");
    private static final List<String> TRAINING_KEYS = List.of(
            "epochs",
            "maxSteps",
            "optimizer",
            "learningRate",
            "schedule",
            "maxGradNorm",
            "seed",
            "logEvery",
            "layout",
            "checkpointDir");

    private SpecJson() {}

    /**
     * Formats a JSON tree, pretty-printed.
     *
     * @param json the tree
     * @return the text
     */
    public static String format(JsonElement json) {
        return PRETTY.toJson(json);
    }

    /**
     * Parses JSON text into an object.
     *
     * @param text the text
     * @param what what the text is, for messages (such as a file name)
     * @return the object
     * @throws LongshortException if the text is not a JSON object
     */
    public static JsonObject parseObject(String text, String what) {
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw new LongshortException(
                    what + " is not valid JSON (" + Reasons.of(ex)
                            + "): fix the file, or start again from a preset's JSON.",
                    ex);
        }
        if (e == null || !e.isJsonObject()) {
            throw new LongshortException(what + " is not a JSON object: it must be {\"engine\": ...,"
                    + " \"model\": {...}, \"training\": {...}, \"data\": {...}}.");
        }
        return e.getAsJsonObject();
    }

    // ---- model ----

    /**
     * Returns the JSON form of a model spec.
     *
     * @param spec the spec
     * @return the JSON object
     */
    public static JsonObject toJson(ModelSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("vocabularySize", spec.vocabularySize());
        o.addProperty("embeddingSize", spec.embeddingSize());
        JsonArray sizes = new JsonArray();
        for (int h : spec.hiddenSizes()) {
            sizes.add(h);
        }
        o.add("hiddenSizes", sizes);
        o.addProperty("numSteps", spec.numSteps());
        o.addProperty("batchSize", spec.batchSize());
        o.addProperty("inputDropout", spec.inputDropout());
        o.addProperty("hiddenDropout", spec.hiddenDropout());
        o.addProperty("outputDropout", spec.outputDropout());
        o.addProperty("initScale", spec.initScale());
        o.addProperty("forgetBias", spec.forgetBias());
        JsonObject head = new JsonObject();
        head.addProperty("tied", spec.softmax().tied());
        head.addProperty("projection", spec.softmax().projection());
        head.addProperty("temperature", spec.softmax().temperature());
        o.add("softmax", head);
        return o;
    }

    /**
     * Reads a model spec from its JSON form.
     *
     * @param json the JSON object
     * @param where the key path for messages, such as {@code model}
     * @return the spec, validated
     */
    public static ModelSpec modelFromJson(JsonElement json, String where) {
        Obj o = new Obj(json, where);
        int vocabularySize = o.integer("vocabularySize");
        int embeddingSize = o.integer("embeddingSize");
        List<Integer> hiddenSizes;
        if (o.has("hiddenSizes")) {
            hiddenSizes = o.integers("hiddenSizes");
        } else if (o.has("hiddenSize")) {
            // longshort 0.1: one size and a number of layers
            int h = o.integer("hiddenSize");
            int layers = o.integer("numLayers");
            hiddenSizes = ModelSpec.uniformLayers(h, layers);
        } else {
            throw new LongshortException(where + ".hiddenSizes is missing: it must list the units of each LSTM layer,"
                    + " such as [650, 650].");
        }
        int numSteps = o.integer("numSteps");
        int batchSize = o.integer("batchSize");
        float input;
        float hidden;
        float output;
        if (o.has("dropout")) {
            float d = o.number("dropout");
            input = o.optNumber("inputDropout", d);
            hidden = o.optNumber("hiddenDropout", d);
            output = o.optNumber("outputDropout", d);
        } else {
            input = o.optNumber("inputDropout", 0f);
            hidden = o.optNumber("hiddenDropout", 0f);
            output = o.optNumber("outputDropout", 0f);
        }
        float initScale = o.number("initScale");
        float forgetBias = o.optNumber("forgetBias", 1f);
        SoftmaxHead head = SoftmaxHead.full();
        if (o.has("softmax")) {
            Obj h = o.object("softmax");
            head = new SoftmaxHead(
                    h.optBool("tied", false), h.optBool("projection", false), h.optNumber("temperature", 1f));
            h.noOtherKeys(List.of("tied", "projection", "temperature"));
        }
        o.noOtherKeys(MODEL_KEYS);
        return new ModelSpec(
                vocabularySize,
                embeddingSize,
                hiddenSizes,
                numSteps,
                batchSize,
                input,
                hidden,
                output,
                initScale,
                forgetBias,
                head);
    }

    // ---- training ----

    /**
     * Returns the JSON form of a training plan.
     *
     * @param plan the plan
     * @return the JSON object
     */
    public static JsonObject toJson(TrainingPlan plan) {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", plan.epochs());
        o.addProperty("maxSteps", plan.maxSteps());
        JsonObject opt = new JsonObject();
        opt.addProperty("type", plan.optimizer().type());
        if (plan.optimizer() instanceof Optimizer.Adam adam) {
            opt.addProperty("beta1", adam.beta1());
            opt.addProperty("beta2", adam.beta2());
            opt.addProperty("epsilon", adam.epsilon());
        }
        o.add("optimizer", opt);
        o.addProperty("learningRate", plan.learningRate());
        JsonObject schedule = new JsonObject();
        schedule.addProperty("type", plan.schedule().type());
        if (plan.schedule() instanceof LrSchedule.Recipe recipe) {
            schedule.addProperty("decay", recipe.decay());
            schedule.addProperty("maxLrEpoch", recipe.maxLrEpoch());
        } else if (plan.schedule() instanceof LrSchedule.Plateau plateau) {
            schedule.addProperty("factor", plateau.factor());
            schedule.addProperty("patience", plateau.patience());
        }
        o.add("schedule", schedule);
        o.addProperty("maxGradNorm", plan.maxGradNorm());
        o.addProperty("seed", plan.seed());
        o.addProperty("logEvery", plan.logEvery());
        o.addProperty("layout", plan.layout().name());
        if (plan.checkpointDir() != null) {
            o.addProperty("checkpointDir", plan.checkpointDir().toString());
        }
        return o;
    }

    /**
     * Reads a training plan from its JSON form.
     *
     * @param json the JSON object
     * @param where the key path for messages, such as {@code training}
     * @return the plan, validated
     */
    public static TrainingPlan planFromJson(JsonElement json, String where) {
        Obj o = new Obj(json, where);
        int epochs = o.integer("epochs");
        long maxSteps = o.optLong("maxSteps", 0);
        Optimizer optimizer = Optimizer.sgd();
        if (o.has("optimizer")) {
            Obj opt = o.object("optimizer");
            String type = opt.choice("type", List.of("sgd", "adam"));
            if (type.equals("adam")) {
                optimizer = Optimizer.adam(
                        opt.optNumber("beta1", 0.9f), opt.optNumber("beta2", 0.999f), opt.optNumber("epsilon", 1e-8f));
            }
            opt.noOtherKeys(type.equals("adam") ? List.of("type", "beta1", "beta2", "epsilon") : List.of("type"));
        }
        float learningRate = o.number("learningRate");
        LrSchedule schedule;
        if (o.has("schedule")) {
            Obj s = o.object("schedule");
            String type = s.choice("type", List.of("recipe", "plateau"));
            if (type.equals("recipe")) {
                schedule = LrSchedule.recipe(s.number("decay"), s.integer("maxLrEpoch"));
            } else {
                schedule = LrSchedule.plateau(s.number("factor"), s.optInteger("patience", 0));
            }
            s.noOtherKeys(
                    type.equals("recipe")
                            ? List.of("type", "decay", "maxLrEpoch")
                            : List.of("type", "factor", "patience"));
        } else if (o.has("lrDecay") || o.has("maxLrEpoch")) {
            // longshort 0.1: the recipe's rule as two top-level fields
            schedule = LrSchedule.recipe(o.number("lrDecay"), o.integer("maxLrEpoch"));
        } else {
            schedule = LrSchedule.recipe(1f, 0);
        }
        float maxGradNorm = o.number("maxGradNorm");
        long seed = o.optLong("seed", 42);
        int logEvery = o.optInteger("logEvery", 0);
        Layout layout = o.has("layout") ? o.enumValue("layout", Layout.class) : Layout.BATCH_MAJOR;
        String checkpoint = o.optString("checkpointDir");
        o.noOtherKeys(TRAINING_KEYS);
        return new TrainingPlan(
                epochs,
                maxSteps,
                optimizer,
                learningRate,
                schedule,
                maxGradNorm,
                seed,
                logEvery,
                layout,
                checkpoint == null ? null : Path.of(checkpoint));
    }

    // ---- data ----

    /**
     * Returns the JSON form of a data source.
     *
     * @param data the source
     * @return the JSON object
     */
    public static JsonObject toJson(DataSource data) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", data.kind());
        if (data instanceof DataSource.Builtin b) {
            o.addProperty("seed", b.seed());
        } else if (data instanceof DataSource.Ptb p) {
            o.addProperty("path", p.folder().toString());
            o.addProperty("unknownWords", p.unknownWords().name());
        } else if (data instanceof DataSource.TextFiles t) {
            o.addProperty("train", t.train().toString());
            o.addProperty("valid", t.valid().toString());
            o.addProperty("test", t.test().toString());
            o.addProperty("tokenizer", t.tokenizer().name());
            o.addProperty("unknownWords", t.unknownWords().name());
        }
        return o;
    }

    /**
     * Reads a data source from its JSON form.
     *
     * @param json the JSON object
     * @param where the key path for messages, such as {@code data}
     * @return the source
     */
    public static DataSource dataFromJson(JsonElement json, String where) {
        Obj o = new Obj(json, where);
        String kind = o.choice("kind", List.of("builtin", "ptb", "text"));
        DataSource data;
        switch (kind) {
            case "builtin":
                data = DataSource.builtin(o.optLong("seed", 42));
                break;
            case "ptb":
                data = new DataSource.Ptb(
                        Path.of(o.string("path")),
                        o.has("unknownWords") ? o.enumValue("unknownWords", UnknownWords.class) : UnknownWords.DROP);
                break;
            default:
                data = new DataSource.TextFiles(
                        Path.of(o.string("train")),
                        Path.of(o.string("valid")),
                        Path.of(o.string("test")),
                        o.has("tokenizer") ? o.enumValue("tokenizer", Tokenizer.class) : Tokenizer.SENTENCE_PER_LINE,
                        o.has("unknownWords") ? o.enumValue("unknownWords", UnknownWords.class) : UnknownWords.DROP);
                break;
        }
        o.noOtherKeys(
                kind.equals("builtin")
                        ? List.of("kind", "seed")
                        : kind.equals("ptb")
                                ? List.of("kind", "path", "unknownWords")
                                : List.of("kind", "train", "valid", "test", "tokenizer", "unknownWords"));
        return data;
    }

    // ---- experiment ----

    /**
     * Returns the JSON form of an experiment: exactly the keys {@code engine}, {@code model},
     * {@code training} and {@code data}, in that order ({@code engine} is {@code null} when left
     * to configuration).
     *
     * @param experiment the experiment
     * @return the JSON object
     */
    public static JsonObject toJson(Experiment experiment) {
        JsonObject o = new JsonObject();
        o.add("engine", experiment.engine() == null ? JsonNull.INSTANCE : new JsonPrimitive(experiment.engine()));
        o.add("model", toJson(experiment.model()));
        o.add("training", toJson(experiment.training()));
        o.add("data", toJson(experiment.data()));
        return o;
    }

    /**
     * Reads an experiment from its JSON form; {@code engine} may be missing or {@code null}.
     *
     * @param json the JSON object
     * @return the experiment
     */
    public static Experiment experimentFromJson(JsonElement json) {
        Obj o = new Obj(json, "");
        String engine = o.optString("engine");
        ModelSpec model = modelFromJson(o.required("model"), "model");
        TrainingPlan training = planFromJson(o.required("training"), "training");
        DataSource data = dataFromJson(o.required("data"), "data");
        o.noOtherKeys(List.of("engine", "model", "training", "data"));
        return new Experiment(engine, model, training, data);
    }

    /** Writes and reads {@link ModelSpec} in its JSON form wherever Gson meets one. */
    public static final class ModelSpecAdapter extends TypeAdapter<ModelSpec> {
        @Override
        public void write(JsonWriter out, ModelSpec value) throws IOException {
            PLAIN.toJson(value == null ? JsonNull.INSTANCE : SpecJson.toJson(value), out);
        }

        @Override
        public ModelSpec read(JsonReader in) throws IOException {
            JsonElement e = JsonParser.parseReader(in);
            return e.isJsonNull() ? null : modelFromJson(e, "model");
        }
    }

    /** Writes and reads {@link TrainingPlan} in its JSON form wherever Gson meets one. */
    public static final class TrainingPlanAdapter extends TypeAdapter<TrainingPlan> {
        @Override
        public void write(JsonWriter out, TrainingPlan value) throws IOException {
            PLAIN.toJson(value == null ? JsonNull.INSTANCE : SpecJson.toJson(value), out);
        }

        @Override
        public TrainingPlan read(JsonReader in) throws IOException {
            JsonElement e = JsonParser.parseReader(in);
            return e.isJsonNull() ? null : planFromJson(e, "training");
        }
    }

    /** A JSON object being read: typed getters with messages naming the key, unknown keys refused. */
    private static final class Obj {
        private final JsonObject json;
        private final String where;
        private final Set<String> used = new LinkedHashSet<>();

        Obj(JsonElement element, String where) {
            this.where = where;
            if (element == null || !element.isJsonObject()) {
                throw new LongshortException((where.isEmpty() ? "the file" : where) + " is " + element
                        + ": it must be a JSON object {...}.");
            }
            this.json = element.getAsJsonObject();
        }

        private String key(String name) {
            return where.isEmpty() ? name : where + "." + name;
        }

        boolean has(String name) {
            JsonElement e = json.get(name);
            if (e != null) {
                used.add(name);
            }
            return e != null && !e.isJsonNull();
        }

        JsonElement required(String name) {
            if (!has(name)) {
                used.add(name);
                throw new LongshortException(key(name) + " is missing: it must be given.");
            }
            return json.get(name);
        }

        Obj object(String name) {
            return new Obj(required(name), key(name));
        }

        private BigDecimal decimal(String name, String expected) {
            JsonElement e = required(name);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                try {
                    return new BigDecimal(e.getAsString());
                } catch (NumberFormatException ex) {
                    // falls through to the message
                }
            }
            throw new LongshortException(key(name) + " is " + e + ": it must be " + expected + ".");
        }

        int integer(String name) {
            BigDecimal d = decimal(name, "a whole number");
            try {
                return d.intValueExact();
            } catch (ArithmeticException ex) {
                throw new LongshortException(key(name) + " is " + json.get(name) + ": it must be a whole number.");
            }
        }

        int optInteger(String name, int fallback) {
            return has(name) ? integer(name) : fallback;
        }

        long optLong(String name, long fallback) {
            if (!has(name)) {
                return fallback;
            }
            BigDecimal d = decimal(name, "a whole number");
            try {
                return d.longValueExact();
            } catch (ArithmeticException ex) {
                throw new LongshortException(key(name) + " is " + json.get(name) + ": it must be a whole number.");
            }
        }

        float number(String name) {
            decimal(name, "a number");
            return Float.parseFloat(json.get(name).getAsString());
        }

        float optNumber(String name, float fallback) {
            return has(name) ? number(name) : fallback;
        }

        List<Integer> integers(String name) {
            JsonElement e = required(name);
            if (!e.isJsonArray()) {
                throw new LongshortException(
                        key(name) + " is " + e + ": it must be a list of whole numbers, such as [650, 650].");
            }
            List<Integer> out = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) {
                BigDecimal d = null;
                if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber()) {
                    d = new BigDecimal(x.getAsString());
                }
                if (d == null || d.stripTrailingZeros().scale() > 0) {
                    throw new LongshortException(
                            key(name) + " is " + e + ": it must be a list of whole numbers, such as [650, 650].");
                }
                out.add(d.intValue());
            }
            return out;
        }

        boolean optBool(String name, boolean fallback) {
            if (!has(name)) {
                return fallback;
            }
            JsonElement e = json.get(name);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
                return e.getAsBoolean();
            }
            throw new LongshortException(key(name) + " is " + e + ": it must be true or false.");
        }

        String string(String name) {
            JsonElement e = required(name);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                return e.getAsString();
            }
            throw new LongshortException(key(name) + " is " + e + ": it must be a string.");
        }

        String optString(String name) {
            return has(name) ? string(name) : null;
        }

        String choice(String name, List<String> allowed) {
            String s = string(name).toLowerCase(Locale.ROOT);
            if (!allowed.contains(s)) {
                throw new LongshortException(
                        key(name) + " is \"" + json.get(name).getAsString() + "\": it must be one of " + allowed + ".");
            }
            return s;
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type) {
            String s = string(name);
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
                if (c.name().equalsIgnoreCase(s)) {
                    return c;
                }
            }
            throw new LongshortException(key(name) + " is \"" + s + "\": it must be one of " + names + ".");
        }

        void noOtherKeys(List<String> allowed) {
            for (String k : json.keySet()) {
                if (!used.contains(k)) {
                    throw new LongshortException(key(k) + " is not a setting here: the settings of "
                            + (where.isEmpty() ? "the file" : where) + " are " + allowed + ".");
                }
            }
        }
    }
}
