package io.spore.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The naming rules every Spore metric follows, which {@code promtool check metrics} also checks. */
class MetricDefinitionTest {
    @Test
    void countersEndInTotalAndGaugesDoNot() {
        assertEquals("spore_spawns", MetricDefinition.counter("spore_spawns_total", "h", "node").familyName());
        assertEquals("spore_processes", MetricDefinition.gauge("spore_processes", "h", "node").familyName());
        assertThrows(IllegalArgumentException.class, () -> MetricDefinition.counter("spore_spawns", "h"));
        assertThrows(IllegalArgumentException.class, () -> MetricDefinition.gauge("spore_things_total", "h"));
    }

    @Test
    void namesAreSporesAndSnakeCase() {
        assertThrows(IllegalArgumentException.class, () -> MetricDefinition.gauge("processes", "h"));
        assertThrows(IllegalArgumentException.class, () -> MetricDefinition.gauge("spore_someProcesses", "h"));
        assertThrows(IllegalArgumentException.class, () -> MetricDefinition.gauge("spore__processes", "h"));
    }

    @Test
    void aTransportCounterIsNamedInSnakeCase() {
        assertEquals("spore_transport_back_pressure_events_total",
            TransportMetrics.metricName("backPressureEvents"));
        assertEquals("spore_transport_errors_total", TransportMetrics.metricName("errors"));
    }
}
