package io.github.cdknnp.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

class PlotsTest {
    private static final double[] TIME = {0, 10, 20, 30};
    private static final double[] POTENTIAL = {-10, -9.9, -9.95, -9.92};
    private static final double[] KINETIC = {0.1, 0.05, 0.08, 0.07};
    private static final double[] TEMPERATURE = {300, 150, 240, 210};

    @Test
    void thermostattedRunsShowTheirTargetTemperatureAcrossTheRun() {
        XYChart temperature = Plots.mdPanels("m", TIME, POTENTIAL, KINETIC, TEMPERATURE, 310).get(1);
        XYSeries target = temperature.getSeries("target 310 K");
        assertArrayEquals(new double[] {310, 310}, target.getYData());
        assertArrayEquals(new double[] {0, 30}, target.getXData());
    }

    @Test
    void constantEnergyRunsHaveNoTargetLine() {
        XYChart temperature = Plots.mdPanels("m", TIME, POTENTIAL, KINETIC, TEMPERATURE, Double.NaN).get(1);
        assertEquals(List.of("temperature"), temperature.getSeriesCollection().stream().map(s -> s.getName()).toList());
    }

    @Test
    void anAlreadyRefinedStartIsSaidOnTheChartAndItsFewPointsShow() {
        List<XYChart> panels = Plots.optimizationPanels("aspirin", new double[] {-5.0}, new double[] {0.03}, 0.05,
                "start refined by the embedder");
        for (XYChart panel : panels) {
            assertTrue(panel.getTitle().contains("start refined by the embedder"), panel.getTitle());
        }
        assertNotEquals(SeriesMarkers.NONE, panels.get(0).getSeries("energy").getMarker());
    }

    @Test
    void aLongRunIsDrawnAsALineWithoutANote() {
        double[] energy = {0, -1, -1.5, -1.6, -1.62};
        List<XYChart> panels = Plots.optimizationPanels("m", energy, new double[] {1, 0.5, 0.2, 0.08, 0.04}, 0.05, null);
        assertEquals("m: energy", panels.get(0).getTitle());
        assertEquals(SeriesMarkers.NONE, panels.get(0).getSeries("energy").getMarker());
        assertFalse(panels.get(1).getSeries("threshold").getYData().length == 0);
    }
}
