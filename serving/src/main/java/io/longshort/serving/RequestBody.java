package io.longshort.serving;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Set;

/**
 * A request's JSON object, read field by field: a missing optional field takes its default, and
 * a mistyped or out-of-range field or an unknown one is a 400 naming the field.
 */
final class RequestBody {

    private final JsonObject json;

    private RequestBody(JsonObject json) {
        this.json = json;
    }

    /**
     * Parses a body that must be one JSON object with only the given fields.
     *
     * @param body the body
     * @param fields the fields the endpoint takes
     * @return the body
     * @throws ApiException 400 if it is not such an object
     */
    static RequestBody parse(String body, Set<String> fields) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw ApiException.badRequest("The body is not valid JSON (" + firstLine(e) + "): send one JSON object.");
        }
        if (!parsed.isJsonObject()) {
            throw ApiException.badRequest("The body is not a JSON object: send {\"field\": value, ...}.");
        }
        JsonObject json = parsed.getAsJsonObject();
        for (String key : json.keySet()) {
            if (!fields.contains(key)) {
                throw ApiException.badRequest(
                        "Unknown field '" + key + "': this endpoint takes " + String.join(", ", fields) + ".");
            }
        }
        return new RequestBody(json);
    }

    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(cause.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    boolean has(String field) {
        return json.has(field) && !json.get(field).isJsonNull();
    }

    String string(String field, String fallback) {
        if (!has(field)) {
            if (fallback == null) {
                throw ApiException.badRequest("The field '" + field + "' is missing: give it as a string.");
            }
            return fallback;
        }
        JsonElement e = json.get(field);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw ApiException.badRequest("The field '" + field + "' is " + e + ": give a string.");
        }
        return e.getAsString();
    }

    int integer(String field, int fallback, int min, int max) {
        if (!has(field)) {
            return fallback;
        }
        JsonElement e = json.get(field);
        double value = number(field, e, "an integer");
        if (value != Math.rint(value)) {
            throw ApiException.badRequest("The field '" + field + "' is " + e + ": give an integer.");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(
                    "The field '" + field + "' is " + e + ": give an integer from " + min + " to " + max + ".");
        }
        return (int) value;
    }

    double decimal(String field, double fallback) {
        return has(field) ? number(field, json.get(field), "a number") : fallback;
    }

    Long longValue(String field) {
        if (!has(field)) {
            return null;
        }
        JsonElement e = json.get(field);
        double value = number(field, e, "an integer");
        try {
            return e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
        } catch (ArithmeticException ex) {
            throw ApiException.badRequest("The field '" + field + "' is " + value + ": give a 64-bit integer.");
        }
    }

    boolean bool(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonElement e = json.get(field);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw ApiException.badRequest("The field '" + field + "' is " + e + ": give true or false.");
        }
        return e.getAsBoolean();
    }

    private static double number(String field, JsonElement e, String what) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw ApiException.badRequest("The field '" + field + "' is " + e + ": give " + what + ".");
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.getAsDouble();
    }
}
