package io.github.cdknnp.cli;

import java.lang.management.ManagementFactory;

/** Times a call repeated for at least a given wall time and count: milliseconds per call, wall clock and process CPU. */
final class CallTimer {
    private CallTimer() {
    }

    /** {wall ms, process-CPU ms} per call over at least {@code minNanos} and {@code minCalls} calls. */
    static double[] perCall(Runnable call, long minNanos, int minCalls) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < minNanos || calls < minCalls) {
            call.run();
            calls++;
        }
        return new double[] {(System.nanoTime() - t0) / 1e6 / calls, (os.getProcessCpuTime() - cpu0) / 1e6 / calls};
    }

    /** Wall milliseconds per call. */
    static double wallMs(Runnable call, long minNanos, int minCalls) {
        return perCall(call, minNanos, minCalls)[0];
    }
}
