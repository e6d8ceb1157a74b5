package io.stacksdataverse.host;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Runs the command line in-process with a given environment, capturing what it prints and what it logs. */
final class CliHarness {
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    static Result run(Map<String, String> env, ClassLoader plugins, String... args) {
        return run(env, plugins, java.time.Clock.systemUTC(), args);
    }

    /** With the clock that decides "today" and that the host's tasks see. */
    static synchronized Result run(Map<String, String> env, ClassLoader plugins, java.time.Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        PrintStream realOut = System.out;
        PrintStream errStream = new PrintStream(new Tee(err, realErr), true, StandardCharsets.UTF_8);
        PrintStream outStream = new PrintStream(new Tee(out, realOut), true, StandardCharsets.UTF_8);
        System.setErr(errStream);
        System.setOut(outStream);
        OutputStreamAppender<ILoggingEvent> logged = captureLog(err);
        try {
            int code = new Main(outStream, errStream, env, plugins, clock).run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
            root().detachAppender(logged);
            logged.stop();
        }
    }

    /** The command's log lines go to its captured standard error (only: the tests' own log is a file). */
    private static OutputStreamAppender<ILoggingEvent> captureLog(OutputStream to) {
        LoggerContext context = root().getLoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0} - %msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("cli-harness");
        appender.setEncoder(encoder);
        appender.setOutputStream(to);
        appender.start();
        root().addAppender(appender);
        return appender;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
