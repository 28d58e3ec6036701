package io.echodb.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG charts of a run, drawn with JFreeChart (headless AWT). */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int BINS = 40;

    private Charts() {}

    /**
     * A histogram of one or more latency series (ms), overlaid, with the same bins for all.
     *
     * @param series name → values, ms; empty series are left out
     */
    static void histogram(Path file, String title, String subtitle, Map<String, List<Double>> series)
            throws IOException {
        HistogramDataset dataset = new HistogramDataset();
        double min = series.values().stream()
                .flatMap(List::stream)
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(0);
        double max = series.values().stream()
                .flatMap(List::stream)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(1);
        series.forEach((name, values) -> {
            if (!values.isEmpty()) {
                dataset.addSeries(
                        name,
                        values.stream().mapToDouble(Double::doubleValue).toArray(),
                        BINS,
                        min,
                        Math.max(max, min + 1));
            }
        });
        JFreeChart chart = ChartFactory.createHistogram(title, "milliseconds", "tables", dataset);
        chart.addSubtitle(new TextTitle(subtitle));
        XYPlot plot = chart.getXYPlot();
        plot.setForegroundAlpha(0.65f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Tables committed and tables mirrored over the seconds of a burst. */
    static void burst(Path file, String title, String subtitle, List<BurstBenchmark.Point> timeline)
            throws IOException {
        XYSeries committed = new XYSeries("tables committed");
        XYSeries mirrored = new XYSeries("tables mirrored (in a PeerDB mirror)");
        for (BurstBenchmark.Point point : timeline) {
            committed.add(point.seconds(), point.committed());
            mirrored.add(point.seconds(), point.mirrored());
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(committed);
        dataset.addSeries(mirrored);
        JFreeChart chart =
                ChartFactory.createXYLineChart(title, "seconds since the first CREATE TABLE", "tables", dataset);
        chart.addSubtitle(new TextTitle(subtitle));
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** alert-service's heap after full GCs over the poll measurement. */
    static void heap(Path file, String subtitle, List<PollBenchmark.HeapSample> samples) throws IOException {
        XYSeries heap = new XYSeries("heap used after a full GC");
        samples.forEach(sample -> heap.add(sample.minutes(), sample.heapMb()));
        JFreeChart chart = ChartFactory.createXYLineChart(
                "alert-service heap while polling", "minutes", "MiB", new XYSeriesCollection(heap));
        chart.addSubtitle(new TextTitle(subtitle));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setLowerBound(0);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
