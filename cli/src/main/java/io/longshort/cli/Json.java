package io.longshort.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Map;

/** The one-line JSON report. */
final class Json {

    private static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    private Json() {}

    static String line(Map<String, ?> fields) {
        return GSON.toJson(fields);
    }
}
