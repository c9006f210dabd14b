package io.spore.benchmarks.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One headline figure of the report: a Spore benchmark, the baseline measured in the same run (bare Aeron for the
 * figures between nodes), and the target an issue set for it.
 *
 * @param title         what is measured, for people
 * @param spore         the Spore benchmark, {@code Class.method}
 * @param baseline      the baseline benchmark, or null when the target is absolute; several separated by
 *                      {@code |} means the best of them (the strictest comparison)
 * @param params        parameters both must have (e.g. the payload)
 * @param baselineParams further parameters only the baseline must have (a spawn has no payload; its baseline
 *                      ping-pong is the one of the smallest message)
 * @param figure        which number of a result is compared
 * @param lowerIsBetter true for latencies and bytes, false for throughputs
 * @param unit          the unit of the compared figure, for people
 * @param target        the target in words, e.g. "p50 ≤ 1.5× bare Aeron"
 * @param maxRatio      the largest acceptable spore/baseline ratio, or NaN
 * @param minRatio      the smallest acceptable spore/baseline ratio, or NaN
 * @param absolute      a bound on the Spore figure itself (a minimum for throughputs, a maximum otherwise), or NaN
 */
record Comparison(String title, String spore, String baseline, Map<String, String> params,
                  Map<String, String> baselineParams, Figure figure,
                  boolean lowerIsBetter, String unit, String target, double maxRatio, double minRatio,
                  double absolute) {
    /** The benchmarks' parameter for how nodes protect their frames, and its value when a node is not told. */
    static final String WIRE_SECURITY = "wireSecurity";
    static final String DEFAULT_WIRE_SECURITY = "sealed";

    /** Which number of a result a comparison reads. */
    enum Figure {
        /** The primary score. */
        SCORE,
        /** The median of a sample-time run. */
        MEDIAN,
        /** The 99.9th percentile of a sample-time run. */
        P99_9,
        /** The idle-footprint benchmark's {@code @AuxCounters} figure, bytes per idle process. */
        BYTES_PER_PROCESS,
        /** {@code -prof gc}'s bytes allocated per operation. */
        BYTES_PER_OP;

        double of(JmhResult result) {
            return switch (this) {
                case SCORE -> result.score();
                case MEDIAN -> result.median();
                case P99_9 -> result.percentiles().getOrDefault("99.9", Double.NaN);
                case BYTES_PER_PROCESS -> result.secondary().getOrDefault("bytesPerProcess", Double.NaN);
                case BYTES_PER_OP -> result.bytesPerOp();
            };
        }
    }

    /** What the Spore side and its baseline measured, when both ran. */
    record Outcome(Comparison comparison, JmhResult spore, JmhResult baseline) {
        double sporeValue() {
            return comparison.figure.of(spore);
        }

        double baselineValue() {
            return baseline == null ? Double.NaN : comparison.figure.of(baseline);
        }

        double ratio() {
            return baseline == null ? Double.NaN : sporeValue() / baselineValue();
        }

        /** @return whether the row sets any bound: a row with none shows a figure beside another, for reference */
        boolean hasTarget() {
            Comparison c = comparison;
            return !Double.isNaN(c.maxRatio) || !Double.isNaN(c.minRatio) || !Double.isNaN(c.absolute);
        }

        /** @return whether every bound of the target holds */
        boolean met() {
            Comparison c = comparison;
            double value = sporeValue();
            double ratio = ratio();
            boolean ok = !Double.isNaN(value);
            if (!Double.isNaN(c.maxRatio)) {
                ok &= ratio <= c.maxRatio;
            }
            if (!Double.isNaN(c.minRatio)) {
                ok &= ratio >= c.minRatio;
            }
            if (!Double.isNaN(c.absolute)) {
                ok &= c.lowerIsBetter ? value <= c.absolute : value >= c.absolute;
            }
            return ok;
        }
    }

    /**
     * @return whether the baseline has every parameter of {@link #params} that it has at all: bare Aeron has a payload
     * but no wire security, so a comparison can pin Spore's wire security and still find its baseline
     */
    private boolean sharedMatch(JmhResult baselineResult) {
        return params.entrySet().stream().allMatch(wanted -> !baselineResult.params().containsKey(wanted.getKey())
            || wanted.getValue().equals(baselineResult.params().get(wanted.getKey())));
    }

    /**
     * @return whether a Spore result is of the wire security nodes run with unless told otherwise, or of the one
     * this comparison names: a run of every mode (as {@code run.sh} makes) must not be read in whichever came first
     */
    private boolean defaultOrNamedSecurity(JmhResult sporeResult) {
        String security = sporeResult.params().get(WIRE_SECURITY);
        return security == null || params.containsKey(WIRE_SECURITY) || security.equals(DEFAULT_WIRE_SECURITY);
    }

    /** @return the outcome, when the run has the Spore benchmark and (if one is named) its baseline */
    Optional<Outcome> find(List<JmhResult> results) {
        Optional<JmhResult> sporeResult = results.stream()
            .filter(r -> r.matches(spore, params) && defaultOrNamedSecurity(r)).findFirst();
        if (sporeResult.isEmpty()) {
            return Optional.empty();
        }
        JmhResult base = null;
        if (baseline != null) {
            Comparator<JmhResult> better = Comparator.comparingDouble(figure::of);
            base = Arrays.stream(baseline.split("\\|"))
                .flatMap(name -> results.stream().filter(r -> r.shortName().equals(name) && sharedMatch(r)
                    && r.params().entrySet().containsAll(baselineParams.entrySet())))
                .filter(r -> !Double.isNaN(figure.of(r)))
                .min(lowerIsBetter ? better : better.reversed())
                .orElse(null);
            if (base == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new Outcome(this, sporeResult.get(), base));
    }
}
