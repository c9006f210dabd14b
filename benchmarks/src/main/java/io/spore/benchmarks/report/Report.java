package io.spore.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns JMH JSON result files into the suite's report: {@code results.md} (headline figures against their
 * baselines and targets, then every result) and {@code chart.png}, next to the first JSON file.
 * {@code benchmarks/run.sh} calls it after JMH; it can be run again on earlier results:
 * {@code java -cp benchmarks/target/benchmarks.jar io.spore.benchmarks.report.Report TITLE RESULTS.json...}.
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report TITLE RESULTS.json...   (writes results.md and chart.png beside the"
                + " first file)");
            System.exit(2);
        }
        String title = args[0];
        List<JmhResult> results = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path json = Path.of(args[i]);
            if (!Files.isRegularFile(json)) {
                System.err.println("no JMH result file at " + json + ": run benchmarks/run.sh, or JMH with -rf json");
                System.exit(2);
            }
            results.addAll(read(json));
        }
        results.sort(Comparator.comparing(JmhResult::shortName).thenComparing(JmhResult::paramText));
        Path dir = Path.of(args[1]).toAbsolutePath().getParent();
        List<Comparison.Outcome> headlines = new ArrayList<>();
        for (Comparison comparison : Targets.all()) {
            comparison.find(results).ifPresent(headlines::add);
        }
        String chart = null;
        if (!headlines.isEmpty()) {
            chart = "chart.png";
            // Rows without a target show a baseline's own figures, which the chart's colours would call Spore's.
            BarChart.write(title, headlines.stream().filter(Comparison.Outcome::hasTarget).toList(),
                dir.resolve(chart));
        }
        String md = MarkdownReport.render(title, machine(measuredAt(args)), headlines, results, chart);
        Files.writeString(dir.resolve("results.md"), md, StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("results.md") + (chart == null ? "" : " and " + dir.resolve(chart)));
    }

    static List<JmhResult> read(Path json) throws IOException {
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        List<JmhResult> results = new ArrayList<>();
        rows.forEach(row -> results.add(JmhResult.of(row)));
        return results;
    }

    /** @return when the run ended: the newest of the result files (the report may be made again much later) */
    private static ZonedDateTime measuredAt(String[] args) throws IOException {
        FileTime newest = FileTime.fromMillis(0);
        for (int i = 1; i < args.length; i++) {
            FileTime written = Files.getLastModifiedTime(Path.of(args[i]));
            newest = written.compareTo(newest) > 0 ? written : newest;
        }
        return newest.toInstant().atZone(ZoneId.systemDefault());
    }

    /** @return the machine in one line: what a reader needs to judge the numbers */
    static String machine(ZonedDateTime measuredAt) {
        Runtime runtime = Runtime.getRuntime();
        String cpu = cpuModel().orElse(System.getProperty("os.arch"));
        long memoryGiB = totalMemoryBytes() >> 30;
        return "Measured " + measuredAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")) + " on "
            + runtime.availableProcessors() + " cores (" + cpu + "), " + (memoryGiB > 0 ? memoryGiB + " GiB, " : "")
            + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
            + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ").";
    }

    private static Optional<String> cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long totalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
