package io.tmsprovisioner.batch;

/** Where a run's progress goes: a terminal line, a log line, or nowhere. Called from the step's thread. */
public interface ProgressSink {

    void update(Progress progress);

    /** The step ended: the last update has been given. */
    default void finish() {
    }

    ProgressSink NONE = progress -> { };
}
