package io.spore.benchmarks.report;

import java.util.List;
import java.util.Locale;

/** Writes the report's Markdown: the headline figures with their baselines, ratios and targets, then every result. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(String title, String machine, List<Comparison.Outcome> headlines, List<JmhResult> results,
                         String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n").append(machine).append("\n\n");
        if (!headlines.isEmpty()) {
            md.append("## Against the targets\n\n");
            md.append("| Figure | Spore | Baseline | Ratio | Target | Met |\n");
            md.append("| --- | ---: | ---: | ---: | --- | :---: |\n");
            for (Comparison.Outcome o : headlines) {
                Comparison c = o.comparison();
                md.append("| ").append(c.title())
                    .append(" | ").append(number(o.sporeValue())).append(' ').append(c.unit())
                    .append(" | ").append(o.baseline() == null ? "–" : number(o.baselineValue()) + " " + c.unit()
                        + " (" + o.baseline().shortName().substring(o.baseline().shortName().indexOf('.') + 1) + ")")
                    .append(" | ").append(o.baseline() == null ? "–" : String.format(Locale.ROOT, "%.2f×", o.ratio()))
                    .append(" | ").append(c.target())
                    .append(" | ").append(!o.hasTarget() ? "–" : o.met() ? "yes" : "**no**").append(" |\n");
            }
            md.append('\n');
            if (chartFile != null) {
                md.append("![Spore beside bare Aeron](").append(chartFile).append(")\n\n");
            }
        }
        md.append("## Every result\n\n");
        md.append("| Benchmark | Params | Mode | Score | ± 99.9% | Unit | p50 | p90 | p99 | p99.9 | B/op |\n");
        md.append("| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (JmhResult r : results) {
            md.append("| ").append(r.shortName())
                .append(" | ").append(r.paramText())
                .append(" | ").append(r.mode())
                .append(" | ").append(number(r.score()))
                .append(" | ").append(number(r.error()))
                .append(" | ").append(r.unit())
                .append(" | ").append(number(r.percentiles().getOrDefault("50.0", Double.NaN)))
                .append(" | ").append(number(r.percentiles().getOrDefault("90.0", Double.NaN)))
                .append(" | ").append(number(r.percentiles().getOrDefault("99.0", Double.NaN)))
                .append(" | ").append(number(r.percentiles().getOrDefault("99.9", Double.NaN)))
                .append(" | ").append(bytes(r.bytesPerOp()))
                .append(" |\n");
        }
        return md.toString();
    }

    /** Whole bytes; under half a byte per operation is JMH's way of saying nothing was allocated. */
    static String bytes(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value < 0.5 ? "0" : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Three significant digits at most, thousands grouped: what a reader compares at a glance. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
