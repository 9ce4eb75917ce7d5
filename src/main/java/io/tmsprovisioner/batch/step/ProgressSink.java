package io.tmsprovisioner.batch.step;

/** Where a run's progress goes: a terminal line, a log line, or nowhere. Called from the step's thread. */
public interface ProgressSink {

    void update(Progress progress);

    /** The step ended: the last update has been given. */
    default void finish() {
    }

    ProgressSink NONE = progress -> { };

    /** Tells each of the sinks, in order. */
    static ProgressSink all(ProgressSink... sinks) {
        return new ProgressSink() {
            @Override
            public void update(Progress progress) {
                for (ProgressSink sink : sinks) {
                    sink.update(progress);
                }
            }

            @Override
            public void finish() {
                for (ProgressSink sink : sinks) {
                    sink.finish();
                }
            }
        };
    }
}
