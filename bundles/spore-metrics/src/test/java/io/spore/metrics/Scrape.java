package io.spore.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape in the Prometheus text format, as Prometheus reads it: its samples by series, its families' types. */
final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("^(\\S+?(\\{[^}]*})?) (\\S+)$");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");

    final String text;
    /** Each series (name and labels as written) with its value. */
    final Map<String, Double> samples = new LinkedHashMap<>();
    /** Each family's type, by its name as written. */
    final Map<String, String> types = new LinkedHashMap<>();

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(3)));
            }
        }
    }

    /** @return {@code snapshots} written as the text format's endpoint writes them */
    static Scrape of(MetricSnapshots snapshots) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, snapshots);
            return new Scrape(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the value of {@code series}, e.g. {@code spore_processes{node="a@localhost"}}, or {@code null} */
    Double value(String series) {
        return samples.get(series);
    }
}
