package io.spore.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * One row of JMH's JSON output: a benchmark method with one set of parameters, its primary score, the percentiles
 * of a sample-time run and the allocation per operation when it ran with {@code -prof gc}.
 *
 * @param benchmark  the fully qualified method, {@code io.spore.benchmarks.SendBenchmark.sendOneToOne}
 * @param mode       JMH's mode: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params     the {@code @Param} values, sorted by name
 * @param score      the primary score in {@code unit}
 * @param error      its 99.9% confidence half-width, or NaN when JMH had too few iterations to say
 * @param unit       e.g. {@code ops/s}, {@code us/op}
 * @param percentiles sample-time percentiles by their JMH key ({@code "50.0"}, {@code "99.9"}); empty otherwise
 * @param secondary  every secondary score by name (profilers' and {@code @AuxCounters}')
 */
record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error, String unit,
                 Map<String, Double> percentiles, Map<String, Double> secondary) {

    static JmhResult of(JsonNode row) {
        Map<String, String> params = new TreeMap<>();
        row.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode primary = row.path("primaryMetric");
        Map<String, Double> percentiles = new TreeMap<>();
        primary.path("scorePercentiles").fields().forEachRemaining(e -> percentiles.put(e.getKey(),
            e.getValue().asDouble()));
        if (!"sample".equals(row.path("mode").asText())) {
            percentiles.clear(); // other modes list per-iteration percentiles, which say nothing about latency
        }
        Map<String, Double> secondary = new TreeMap<>();
        row.path("secondaryMetrics").fields().forEachRemaining(e -> secondary.put(e.getKey(),
            number(e.getValue().path("score"))));
        return new JmhResult(row.path("benchmark").asText(), row.path("mode").asText(), params,
            number(primary.path("score")), number(primary.path("scoreError")), primary.path("scoreUnit").asText(),
            percentiles, secondary);
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN; // JMH writes "NaN" as a string
    }

    /** @return {@code gc.alloc.rate.norm}, bytes allocated per operation, or NaN when the run had no GC profiler */
    double bytesPerOp() {
        return secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN);
    }

    /** @return the class and method without the package: {@code SendBenchmark.sendOneToOne} */
    String shortName() {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    /** @return the parameters as {@code payload=string}, comma-separated; empty when there are none */
    String paramText() {
        StringBuilder text = new StringBuilder();
        params.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }

    /** @return the median of a sample-time run, else the score */
    double median() {
        Double p50 = percentiles.get("50.0");
        return p50 != null ? p50 : score;
    }

    boolean matches(String shortName, Map<String, String> wantedParams) {
        return shortName().equals(shortName) && params.entrySet().containsAll(wantedParams.entrySet());
    }
}
