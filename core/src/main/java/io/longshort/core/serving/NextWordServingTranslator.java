package io.longshort.core.serving;

import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;

/**
 * The next-word translator for DJL Serving: the request body is the context as plain text, or
 * JSON {@code {"context": "...", "k": 5}}; the response is JSON {@code {"predictions": [{"word":
 * ..., "probability": ...}, ...]}} with the k most likely next words.
 */
public final class NextWordServingTranslator implements NoBatchifyTranslator<Input, Output> {

    private static final String K = "longshort.k";

    private final int defaultK;
    private final NextWordTranslator words;

    /**
     * Creates the translator.
     *
     * @param defaultK how many words to return when the request does not say
     */
    public NextWordServingTranslator(int defaultK) {
        this.defaultK = defaultK;
        this.words = new NextWordTranslator(defaultK);
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Input input) throws TranslateException {
        String body = input.getData() == null ? "" : input.getData().getAsString();
        String context = body;
        int k = defaultK;
        if (body.strip().startsWith("{")) {
            try {
                JsonObject json = JsonParser.parseString(body).getAsJsonObject();
                JsonElement c = json.get("context");
                context = c == null || c.isJsonNull() ? "" : c.getAsString();
                if (json.has("k")) {
                    k = json.get("k").getAsInt();
                }
            } catch (JsonParseException
                    | IllegalStateException
                    | UnsupportedOperationException
                    | NumberFormatException e) {
                throw new TranslateException(
                        "The request is not {\"context\": \"...\", \"k\": N}: " + e.getMessage(), e);
            }
        }
        if (k < 1) {
            throw new TranslateException("k is " + k + ": ask for at least 1 word.");
        }
        ctx.setAttachment(K, k);
        return words.processInput(ctx, context);
    }

    /** {@inheritDoc} */
    @Override
    public Output processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        Classifications next = words.processOutput(ctx, list);
        int k = (Integer) ctx.getAttachment(K);
        JsonArray predictions = new JsonArray();
        for (Classifications.Classification c : next.topK(k)) {
            JsonObject item = new JsonObject();
            item.addProperty("word", c.getClassName());
            item.addProperty("probability", c.getProbability());
            predictions.add(item);
        }
        JsonObject json = new JsonObject();
        json.add("predictions", predictions);
        Output out = new Output();
        out.addProperty("Content-Type", "application/json");
        out.add(json.toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
