package io.tmsprovisioner.batch.owner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running execution's sign of life, and its lease, in {@code PROVISIONING_HEARTBEAT}: its process writes
 * the database's time there every {@code interval} while the job runs. A run on another host cannot ask
 * the operating system whether that process is alive, but it can see that the heartbeat stopped: after
 * a pod or a host dies, its STARTED execution is then taken over (its row deleted, if it is still as stale
 * as it was seen) and resumed instead of blocking every later run. Times are the database's own, so the
 * hosts' clocks need not agree.
 *
 * <p>The row is the lease: the owner only ever updates it, never inserts it again, and confirms it in the
 * same transaction as the journal note before a row's first create or remove, and when it commits outcomes;
 * every send of a change, repeats included, waits for a lease renewed within half the stale limit (see
 * {@link LeaseFence}). A process paused past the stale interval (SIGSTOP, a suspended VM, a long GC, a
 * partition from the database) that wakes after another run took its execution over finds no row, and
 * stops instead of sending creates for rows the other run is doing.
 *
 * <p>The same thread reads, every {@link #STOP_POLL} (or every beat, if beats come oftener), whether a stop was
 * asked for through the repository ({@link RemoteStop}, {@code stop EXECUTION_ID} on any host), and tells the
 * run: a beat every 30 s would leave the administrator waiting half a minute for a stop to begin.
 */
public class Heartbeat implements JobExecutionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    /** Missed beats after which the owner is taken for dead: one late beat is not a death. */
    private static final int MISSED_BEATS = 4;
    /** How often a running execution looks for a stop asked through the repository: one read by primary key. */
    public static final Duration STOP_POLL = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final Duration stopPoll;
    private final RemoteStop remoteStop;
    /** Per running execution: its beats and its looks for a stop asked through the repository. */
    private final Map<Long, List<ScheduledFuture<?>>> beating = new ConcurrentHashMap<>();
    /** Per running execution: what to run, once, when a stop is asked through the repository. */
    private final Map<Long, Runnable> stopListeners = new ConcurrentHashMap<>();
    private final Map<Long, LeaseFence> fences = new ConcurrentHashMap<>();
    /** Started with the first job: commands that only read heartbeats need no thread. */
    private ScheduledExecutorService scheduler;

    public Heartbeat(JdbcTemplate jdbc, Duration interval) {
        this(jdbc, interval, STOP_POLL);
    }

    /** @param stopPoll the longest time between two looks for a stop asked through the repository */
    Heartbeat(JdbcTemplate jdbc, Duration interval, Duration stopPoll) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the heartbeat interval must be positive, not " + interval);
        }
        this.jdbc = jdbc;
        this.interval = interval;
        this.stopPoll = interval.compareTo(stopPoll) < 0 ? interval : stopPoll;
        this.remoteStop = new RemoteStop(jdbc);
    }

    /**
     * Runs {@code stop} once when a stop of the running execution is asked for through the repository, within
     * a few seconds of the ask (see {@link RemoteStop}); at the first look if it was asked already.
     */
    public void whenStopAsked(long executionId, Runnable stop) {
        stopListeners.put(executionId, stop);
    }

    /**
     * What the heartbeat tells of an execution's process.
     *
     * @param silence      how long ago, by the database's clock, it last gave a sign of life; empty if it never did
     * @param takenForDead whether it has been silent for longer than its owner's {@code staleAfter}, so that a run
     *                     takes it for dead and resumes its work
     * @param lastBeat     the sign of life's time as stored, to take the lease over only if it is still that one
     * @param staleAfter   how long its owner may stay silent, as the owner stored it (a row of an earlier version
     *                     stores none: then this process's own)
     */
    public record Liveness(Optional<Duration> silence, boolean takenForDead, Optional<OffsetDateTime> lastBeat,
                           Duration staleAfter) {
    }

    /** How long this process may stay silent before it is taken for dead; stored with its lease. */
    public Duration staleAfter() {
        return staleAfter(interval);
    }

    /** How long an owner beating every {@code interval} may stay silent before it is taken for dead. */
    public static Duration staleAfter(Duration interval) {
        return interval.multipliedBy(MISSED_BEATS);
    }

    /** A lease as stored. */
    private record Beat(OffsetDateTime at, OffsetDateTime now, Duration staleAfter) {
    }

    /** Judged by the owner's own silence limit: an owner that beats less often than this process is not dead. */
    public Liveness livenessOf(long executionId) {
        List<Beat> beats = jdbc.query("SELECT BEAT_AT, CURRENT_TIMESTAMP AS NOW, STALE_AFTER_MS "
                        + "FROM PROVISIONING_HEARTBEAT WHERE JOB_EXECUTION_ID = ?",
                (rs, row) -> new Beat(rs.getObject("BEAT_AT", OffsetDateTime.class),
                        rs.getObject("NOW", OffsetDateTime.class),
                        Optional.ofNullable(rs.getObject("STALE_AFTER_MS", Long.class)).map(Duration::ofMillis)
                                .orElse(staleAfter())),
                executionId);
        Optional<Beat> beat = beats.stream().findFirst();
        Optional<Duration> silence = beat.map(found -> Duration.between(found.at(), found.now()));
        Duration ownersLimit = beat.map(Beat::staleAfter).orElse(staleAfter());
        return new Liveness(silence, silence.filter(quiet -> quiet.compareTo(ownersLimit) >= 0).isPresent(),
                beat.map(Beat::at), ownersLimit);
    }

    /**
     * Takes the lease of an execution whose owner was taken for dead, unless it gave a sign of life since
     * {@code seen} was read: of a takeover and a late beat, exactly one wins.
     *
     * @return whether the lease was taken (its row deleted)
     */
    public boolean takeOver(long executionId, Liveness seen) {
        return seen.lastBeat().isPresent() && jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT WHERE "
                + "JOB_EXECUTION_ID = ? AND BEAT_AT = ?", executionId, seen.lastBeat().get()) == 1;
    }

    /**
     * Confirms, in the caller's transaction, that this process still holds the execution's lease, and
     * renews it.
     *
     * @throws ExecutionTakenOverException when another run took the execution over
     */
    public void confirm(long executionId) {
        if (!renewed(executionId)) {
            LeaseFence fence = fences.get(executionId);
            if (fence != null) {
                fence.lost();
            }
            throw new ExecutionTakenOverException(executionId);
        }
    }

    /**
     * The fence of a running execution of this process: whether it may still send a change (see {@link LeaseFence}).
     *
     * @throws IllegalStateException when this process does not run that execution
     */
    public LeaseFence fence(long executionId) {
        LeaseFence fence = fences.get(executionId);
        if (fence == null) {
            throw new IllegalStateException("execution " + executionId + " is not running in this process");
        }
        return fence;
    }

    private boolean renewed(long executionId) {
        return jdbc.update("UPDATE PROVISIONING_HEARTBEAT SET BEAT_AT = CURRENT_TIMESTAMP WHERE JOB_EXECUTION_ID = ?",
                executionId) == 1;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        long id = execution.getId();
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT, STALE_AFTER_MS) "
                + "VALUES (?, CURRENT_TIMESTAMP, ?)", id, staleAfter().toMillis());
        fences.put(id, new LeaseFence(id, staleAfter(), System::nanoTime, () -> renewed(id)));
        beating.put(id, List.of(
                scheduler().scheduleAtFixedRate(() -> beatQuietly(id), interval.toMillis(), interval.toMillis(),
                        TimeUnit.MILLISECONDS),
                scheduler().scheduleWithFixedDelay(() -> lookForStopQuietly(id), stopPoll.toMillis(), stopPoll.toMillis(),
                        TimeUnit.MILLISECONDS)));
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "heartbeat");
                thread.setDaemon(true);
                return thread;
            });
        }
        return scheduler;
    }

    @Override
    public void afterJob(JobExecution execution) {
        long id = execution.getId();
        stopBeating(id);
        LeaseFence fence = fences.remove(id);
        if (fence != null) {
            fence.release();
            if (fence.isLost() || !stillHeld(id)) {
                // whatever else failed after it (a closed connection, Spring Batch's version check), this is why
                execution.addFailureException(new ExecutionTakenOverException(id));
            }
        }
        forget(id);
    }

    /** Whether this process still holds the lease as its job ends; true when that cannot be told. */
    private boolean stillHeld(long executionId) {
        try {
            return renewed(executionId);
        } catch (RuntimeException unreadable) {
            log.warn("Could not read the lease of execution {} as it ended: {}", executionId, unreadable.getMessage());
            return true;
        }
    }

    private void stopBeating(long executionId) {
        stopListeners.remove(executionId);
        List<ScheduledFuture<?>> beats = beating.remove(executionId);
        if (beats != null) {
            beats.forEach(schedule -> schedule.cancel(false));
        }
    }

    /** Tells the run of a stop asked through the repository, once; a look that fails is repeated by the next. */
    private void lookForStopQuietly(long executionId) {
        try {
            if (!stopListeners.containsKey(executionId)) {
                return; // the step has not started: the ask waits for it
            }
            Optional<RemoteStop.Asked> asked = remoteStop.askedOf(executionId);
            Runnable stop = asked.isPresent() ? stopListeners.remove(executionId) : null;
            if (stop != null) {
                log.warn("Execution {}: stop asked by {} (`stop {}`): stopping as on SIGTERM; the rows in flight "
                        + "finish first", executionId, asked.get().by(), executionId);
                stop.run();
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for a stop asked of execution {}: {}", executionId, e.getMessage());
        }
    }

    /** Drops the heartbeat of an execution that has ended, or that was recovered after its process died. */
    void forget(long executionId) {
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT WHERE JOB_EXECUTION_ID = ?", executionId);
    }

    /** Records that the execution's process is alive now; a lease taken over is never taken back. */
    private void beatQuietly(long executionId) {
        try {
            fence(executionId).renewNow();
        } catch (ExecutionTakenOverException takenOver) {
            log.warn("Execution {} was taken over by another run: this run no longer beats for it, and sends nothing "
                    + "more", executionId);
            stopBeating(executionId);
        } catch (RuntimeException e) {
            // the next beat may get through (an exception would end the schedule); a job that cannot reach
            // its repository fails on its own
            log.warn("Could not record the heartbeat of execution {}: {}", executionId, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
