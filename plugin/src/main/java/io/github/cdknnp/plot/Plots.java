package io.github.cdknnp.plot;

import io.github.cdknnp.trajectory.AtomicOutput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of runs (XChart, headless): MD energies and temperature against time, optimizer energy and
 * largest force against step, and the distribution of conformer energies. Panels are stacked vertically.
 */
public final class Plots {
    private static final int WIDTH = 800;
    private static final int PANEL_HEIGHT = 320;

    private Plots() {
    }

    /**
     * MD: potential, kinetic and total energy (eV, relative to the first frame's total) and temperature (K) against
     * time (fs), with the thermostat's target temperature as a line ({@code targetK} NaN: no thermostat, no line).
     */
    public static void md(String title, double[] timeFs, double[] potentialEv, double[] kineticEv, double[] temperatureK,
                          double targetK, Path png) {
        write(mdPanels(title, timeFs, potentialEv, kineticEv, temperatureK, targetK), png);
    }

    static List<XYChart> mdPanels(String title, double[] timeFs, double[] potentialEv, double[] kineticEv,
                                  double[] temperatureK, double targetK) {
        double[] total = new double[timeFs.length];
        double e0 = potentialEv.length > 0 ? potentialEv[0] + kineticEv[0] : 0;
        double[] pot = new double[timeFs.length];
        for (int k = 0; k < timeFs.length; k++) {
            total[k] = potentialEv[k] + kineticEv[k] - e0;
            pot[k] = potentialEv[k] - e0;
        }
        XYChart energy = chart(title + ": energy", "time / fs", "energy − E_total(0) / eV");
        line(energy, "potential", timeFs, pot);
        line(energy, "kinetic", timeFs, kineticEv);
        line(energy, "total", timeFs, total);
        XYChart temperature = chart(title + ": temperature", "time / fs", "temperature / K");
        line(temperature, "temperature", timeFs, temperatureK);
        if (!Double.isNaN(targetK)) {
            double end = timeFs.length > 1 ? timeFs[timeFs.length - 1] : 1;
            reference(temperature, String.format(Locale.ROOT, "target %.0f K", targetK), new double[] {timeFs.length > 0
                    ? timeFs[0] : 0, end}, targetK);
        }
        return List.of(energy, temperature);
    }

    /**
     * Optimization: energy (eV, relative to the start) and largest per-atom force (eV/Å, log scale) against step.
     * {@code startNote} (or null) says on both panels where the start came from, e.g. that the embedder already refined
     * it, so that a short run does not look like a missing one.
     */
    public static void optimization(String title, double[] energyEv, double[] fmaxEvPerA, double fmaxTarget,
                                    String startNote, Path png) {
        write(optimizationPanels(title, energyEv, fmaxEvPerA, fmaxTarget, startNote), png);
    }

    static List<XYChart> optimizationPanels(String title, double[] energyEv, double[] fmaxEvPerA, double fmaxTarget,
                                            String startNote) {
        double[] steps = new double[energyEv.length];
        double[] relative = new double[energyEv.length];
        for (int k = 0; k < steps.length; k++) {
            steps[k] = k;
            relative[k] = energyEv[k] - energyEv[0];
        }
        String note = startNote == null ? "" : " (" + startNote + ")";
        XYChart energy = chart(title + ": energy" + note, "step", "E − E(0) / eV");
        line(energy, "energy", steps, relative);
        XYChart force = chart(title + ": largest force" + note, "step", "max |F_i| / eV Å⁻¹");
        force.getStyler().setYAxisLogarithmic(true);
        double[] floor = new double[fmaxEvPerA.length];
        for (int k = 0; k < floor.length; k++) {
            floor[k] = Math.max(fmaxEvPerA[k], 1e-6);
        }
        line(force, "fmax", steps, floor);
        reference(force, "threshold", new double[]{0, Math.max(1, steps.length - 1)}, fmaxTarget);
        return List.of(energy, force);
    }

    /** Conformers: relative energies (kcal/mol) against rank. */
    public static void conformerEnergies(String title, double[] relativeKcalPerMol, Path png) {
        double[] rank = new double[relativeKcalPerMol.length];
        for (int k = 0; k < rank.length; k++) {
            rank[k] = k + 1;
        }
        XYChart chart = chart(title + ": conformer energies", "rank", "ΔE / kcal mol⁻¹");
        XYSeries s = chart.addSeries("conformers", rank, relativeKcalPerMol);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        write(List.of(chart), png);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        return chart;
    }

    /** A line; a series of one or two points gets markers so that it shows. */
    private static void line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x.length == 0 ? new double[]{0} : x, y.length == 0 ? new double[]{0} : y);
        s.setMarker(x.length <= 2 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /** A horizontal reference line at {@code y} across {@code x}: no markers. */
    private static void reference(XYChart chart, String name, double[] x, double y) {
        chart.addSeries(name, x, new double[] {y, y}).setMarker(SeriesMarkers.NONE);
    }

    private static void write(List<XYChart> panels, Path png) {
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int k = 0; k < panels.size(); k++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(k)), 0, k * PANEL_HEIGHT, null);
        }
        g.dispose();
        AtomicOutput out = new AtomicOutput(png);
        try {
            ImageIO.write(image, "png", out.temporary().toFile());
            out.commit();
        } catch (IOException e) {
            out.discard();
            throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }
}
