package io.stacksdataverse.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The host's command line in a child JVM with the test class path, its output collected line by line. */
final class HostProcess implements AutoCloseable {
    final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    HostProcess(Map<String, String> env, String extraClassPath, String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path") + (extraClassPath == null ? "" : java.io.File.pathSeparator + extraClassPath);
        // The production logging (on standard error, read below), not the tests' file; the test JVMs' flags (a quick start).
        List<String> command = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=logback.xml", "-cp", cp, Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        this.process = pb.start();
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
    }

    /** Waits (at most {@code seconds}) for a line that matches; empty if none came. */
    Optional<String> awaitLine(Predicate<String> match, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            synchronized (lines) {
                for (String l : lines) {
                    if (match.test(l)) {
                        return Optional.of(l);
                    }
                }
            }
            if (!process.isAlive()) {
                reader.join(2000);
                synchronized (lines) {
                    return lines.stream().filter(match).findFirst();
                }
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** SIGTERM, keeping the output stream open to read what the process says while it stops. */
    boolean terminate(int seconds) throws InterruptedException {
        process.toHandle().destroy();
        boolean ended = process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
        reader.join(5000);
        return ended;
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join(5000);
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Processes whose command line names {@code path} (e.g. a PostgreSQL server on a data folder). */
    static List<ProcessHandle> processesUsing(Path path) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(path.toString()) && c.contains("postgres")).orElse(false))
                .toList();
    }
}
