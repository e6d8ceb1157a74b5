package io.stacksdataverse.host.cli;

import java.util.concurrent.CountDownLatch;

/**
 * What a command does when the JVM is stopped (Ctrl-C, SIGTERM) before the command ends: the one
 * shutdown hook of the command line. Closing it removes the hook when the command ended first.
 */
final class OnStop implements AutoCloseable {
    private final CountDownLatch ran = new CountDownLatch(1);
    private final Thread hook;

    private OnStop(String name, Runnable action) {
        this.hook = new Thread(() -> {
            try {
                action.run();
            } finally {
                ran.countDown();
            }
        }, name);
    }

    static OnStop install(String name, Runnable action) {
        OnStop stop = new OnStop(name, action);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Waits until a stop of the JVM has run the action ({@code serve}, which ends only so). */
    void awaitStop() throws InterruptedException {
        ran.await();
    }

    /**
     * The command ended: the hook goes. When the JVM is stopping already, the hook owns the
     * shutdown (it waits for the running tasks, then closes the scheduler and the stores), so this
     * waits for the JVM's end instead of closing them from under a running task.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            new CountDownLatch(1).await();
        }
    }
}
