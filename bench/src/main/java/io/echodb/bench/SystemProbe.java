package io.echodb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Facts about this machine and its processes, from {@code /proc} and the JDK's {@code jcmd}. */
final class SystemProbe {

    private SystemProbe() {}

    /**
     * Resident set size of a process, MiB; from {@code VmRSS} in {@code /proc/<pid>/status}.
     *
     * @throws IllegalStateException when the process is gone
     */
    static double rssMb(long pid) {
        return statusKb(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024.0;
    }

    /** Total memory of the machine, MiB; from {@code MemTotal} in {@code /proc/meminfo} (0 when unreadable). */
    static long memoryMb() {
        try {
            return Math.round(statusKb(Path.of("/proc/meminfo"), "MemTotal:") / 1024.0);
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    /** The 1-, 5- and 15-minute load averages from {@code /proc/loadavg} (empty when unreadable). */
    static List<Double> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Arrays.stream(fields, 0, 3).map(Double::valueOf).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The CPU model name from {@code /proc/cpuinfo}, or {@code unknown}. */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Operating system and kernel, e.g. {@code Linux 6.8.0 (amd64)}. */
    static String operatingSystem() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")";
    }

    /** The JDK the benchmark and the services run on, e.g. {@code Eclipse Adoptium OpenJDK 25.0.1+8-LTS}. */
    static String jdk() {
        return System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version");
    }

    /**
     * Runs a full garbage collection in the JVM {@code pid} ({@code jcmd <pid> GC.run}, i.e. {@code System.gc()}).
     *
     * @return whether it ran (false when this JDK has no {@code jcmd} or the attach failed)
     */
    static boolean fullGc(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long statusKb(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(key.length())
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .replace("kb", "")
                            .trim())
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + key + " in " + file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), new UncheckedIOException(e));
        }
    }
}
