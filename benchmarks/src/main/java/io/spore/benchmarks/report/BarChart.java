package io.spore.benchmarks.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws the headline figures as a PNG with the JDK's own 2D graphics (headless; nothing to install): one row per
 * figure, Spore's bar above its baseline's, each row scaled to its own largest value because the units differ, and
 * the target drawn as a dashed line where it is a bound on the figure.
 */
final class BarChart {
    private static final int WIDTH = 1100;
    private static final int LABEL_WIDTH = 380;
    private static final int VALUE_WIDTH = 170;
    private static final int ROW_HEIGHT = 58;
    private static final int TOP = 70;
    private static final Color SPORE = new Color(0x2E7D32);
    private static final Color SPORE_MISSED = new Color(0xC62828);
    private static final Color BASELINE = new Color(0x90A4AE);

    private BarChart() {
    }

    static void write(String title, List<Comparison.Outcome> outcomes, Path file) throws IOException {
        int height = TOP + ROW_HEIGHT * outcomes.size() + 50;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 20, 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            legend(g);
            int y = TOP;
            for (Comparison.Outcome outcome : outcomes) {
                row(g, outcome, y);
                y += ROW_HEIGHT;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void legend(Graphics2D g) {
        int x = LABEL_WIDTH;
        g.setColor(SPORE);
        g.fillRect(x, 44, 14, 12);
        g.setColor(Color.BLACK);
        g.drawString("Spore (red: target missed)", x + 20, 55);
        g.setColor(BASELINE);
        g.fillRect(x + 220, 44, 14, 12);
        g.setColor(Color.BLACK);
        g.drawString("baseline in the same run", x + 240, 55);
        g.drawString("- - target", x + 430, 55);
    }

    private static void row(Graphics2D g, Comparison.Outcome outcome, int y) {
        Comparison c = outcome.comparison();
        double spore = outcome.sporeValue();
        double baseline = outcome.baselineValue();
        double bound = targetValue(outcome);
        double max = Math.max(spore, Math.max(nanToZero(baseline), nanToZero(bound)));
        int barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20;

        g.setColor(Color.BLACK);
        g.drawString(c.title(), 20, y + 18);
        g.setColor(Color.DARK_GRAY);
        g.drawString(c.target(), 20, y + 36);

        bar(g, y + 4, spore, max, barSpace, outcome.met() ? SPORE : SPORE_MISSED, c.unit());
        if (!Double.isNaN(baseline)) {
            bar(g, y + 24, baseline, max, barSpace, BASELINE, c.unit());
        }
        if (!Double.isNaN(bound) && max > 0) {
            int x = LABEL_WIDTH + (int) (barSpace * bound / max);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4},
                0));
            g.drawLine(x, y, x, y + 42);
            g.setStroke(new BasicStroke());
        }
        g.setColor(new Color(0xE0E0E0));
        g.drawLine(20, y + ROW_HEIGHT - 6, WIDTH - 20, y + ROW_HEIGHT - 6);
    }

    private static void bar(Graphics2D g, int y, double value, double max, int barSpace, Color color, String unit) {
        int length = max <= 0 || Double.isNaN(value) ? 0 : Math.max(1, (int) (barSpace * value / max));
        g.setColor(color);
        g.fillRect(LABEL_WIDTH, y, length, 16);
        g.setColor(Color.BLACK);
        g.drawString(MarkdownReport.number(value) + " " + unit, LABEL_WIDTH + length + 6, y + 13);
    }

    /** @return where the target puts the Spore figure, in its unit: a ratio times the baseline, or the bound */
    private static double targetValue(Comparison.Outcome outcome) {
        Comparison c = outcome.comparison();
        double fromRatio = Double.NaN;
        if (!Double.isNaN(c.maxRatio())) {
            fromRatio = c.maxRatio() * outcome.baselineValue();
        } else if (!Double.isNaN(c.minRatio())) {
            fromRatio = c.minRatio() * outcome.baselineValue();
        }
        if (Double.isNaN(c.absolute())) {
            return fromRatio;
        }
        if (Double.isNaN(fromRatio)) {
            return c.absolute();
        }
        // Both bounds: the stricter one is the line that matters.
        return c.lowerIsBetter() ? Math.min(fromRatio, c.absolute()) : Math.max(fromRatio, c.absolute());
    }

    private static double nanToZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
