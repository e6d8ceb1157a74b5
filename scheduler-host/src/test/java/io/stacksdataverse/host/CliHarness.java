package io.stacksdataverse.host;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command line in-process with a given environment, capturing what it prints and what it logs. */
final class CliHarness {
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    static synchronized Result run(Map<String, String> env, ClassLoader plugins, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        PrintStream realOut = System.out;
        PrintStream errStream = new PrintStream(new Tee(err, realErr), true, StandardCharsets.UTF_8);
        PrintStream outStream = new PrintStream(new Tee(out, realOut), true, StandardCharsets.UTF_8);
        System.setErr(errStream);
        System.setOut(outStream);
        try {
            int code = new Main(outStream, errStream, env, plugins).run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
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
