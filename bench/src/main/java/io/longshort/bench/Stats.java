package io.longshort.bench;

import java.util.Arrays;

/** Median, minimum and maximum of a few runs. */
record Stats(double median, double min, double max, int n) {

    static Stats of(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new Stats(
                median(v), v.length > 0 ? v[0] : Double.NaN, v.length > 0 ? v[v.length - 1] : Double.NaN, v.length);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
