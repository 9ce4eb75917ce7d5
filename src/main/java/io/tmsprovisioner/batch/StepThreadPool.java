package io.tmsprovisioner.batch;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.AsyncTaskExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that process a chunk's rows, one pool per step execution. Bounded and FIFO:
 * {@link PairOrder} relies on rows starting in the order they were submitted. When a chunk fails,
 * Spring Batch does not wait for the chunk's other rows, so the step's end interrupts them (a row
 * waiting to retry stops) and waits for them: no row of a failed run is still calling Tapis when a
 * resumed run starts.
 */
class StepThreadPool implements AsyncTaskExecutor, StepExecutionListener {
    private static final long STRAGGLER_WAIT_SECONDS = 120;

    private final int threads;
    private final AtomicInteger number = new AtomicInteger();
    private volatile ExecutorService pool;

    StepThreadPool(int threads) {
        this.threads = threads;
    }

    @Override
    public void beforeStep(StepExecution step) {
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "provision-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(STRAGGLER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return pool.submit(task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }
}
