package io.echodb.bench;

import io.echodb.e2e.LocalStack;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by the parts of a stack, from {@code /proc}: each service process, PostgreSQL (the postmaster, its
 * live backends and the ones it has reaped), this JVM (the PeerDB and Slack emulators and the benchmark client),
 * and the whole machine (busy time of all cores from {@code /proc/stat}, whoever used it). Differences of two
 * {@link #snapshot() snapshots} tell what bounded a phase on a machine with few cores.
 */
final class CpuMeter {

    /** Key of the length of the measured window (wall-clock seconds) in a result's CPU map. */
    static final String WALL = "wall";
    /** Key of the busy time of all cores. */
    static final String MACHINE = "machine";

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final LocalStack stack;

    CpuMeter(LocalStack stack) {
        this.stack = stack;
    }

    /** CPU seconds so far per part ({@code machine} = busy time of all cores). */
    Map<String, Double> snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String service : FootprintBenchmark.SERVICES) {
            seconds.put(service, processTicks(stack.service(service).pid(), false) / TICKS_PER_SECOND);
        }
        seconds.put("postgresql", postgresTicks() / TICKS_PER_SECOND);
        seconds.put(
                "emulators and client (benchmark JVM)",
                processTicks(ProcessHandle.current().pid(), false) / TICKS_PER_SECOND);
        seconds.put(MACHINE, machineBusyTicks() / TICKS_PER_SECOND);
        return seconds;
    }

    /** {@code after − before} per part, seconds. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((part, value) -> delta.put(part, value - before.getOrDefault(part, 0.0)));
        return delta;
    }

    /** utime + stime of a process (plus cutime + cstime of its reaped children); 0 when it is gone. */
    private static long processTicks(long pid, boolean withReapedChildren) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return 0;
        }
        // after the ")" of comm: field 3 (state) is index 0, utime (14) index 11, stime 12, cutime 13, cstime 14
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }

    /** The postmaster listening on the stack's port, its reaped children and its live children. */
    private long postgresTicks() {
        long postmaster = postmasterPid();
        if (postmaster < 0) {
            return 0;
        }
        long ticks = processTicks(postmaster, true);
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                String[] fields = statFields(pid);
                if (fields != null && Long.parseLong(fields[1]) == postmaster) {
                    ticks += processTicks(pid, false);
                }
            }
        } catch (IOException e) {
            // counted what could be read
        }
        return ticks;
    }

    private long postmasterPid() {
        String port = "-p\0" + stack.postgres().port() + "\0";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String cmdline = Files.readString(process.resolve("cmdline"));
                    if (cmdline.contains("postgres\0") && cmdline.contains("\0-D\0") && cmdline.contains(port)) {
                        return Long.parseLong(process.getFileName().toString());
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            // none found
        }
        return -1;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name, or null when the process is gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Busy ticks of all cores: the first line of {@code /proc/stat} without idle and iowait. */
    private static long machineBusyTicks() {
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                total += Long.parseLong(cpu[i]);
            }
            return total - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
