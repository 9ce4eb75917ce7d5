package io.tmsprovisioner.cli;

/** The process exit codes; cron jobs and scripts depend on them. */
public final class ExitCodes {
    /** The job completed and no row FAILED or was REJECTED. */
    public static final int OK = 0;
    /** The job failed or was stopped; running the same command again resumes it. */
    public static final int JOB_FAILED = 1;
    /** Usage or configuration error: nothing was started. */
    public static final int USAGE = 2;
    /** The job completed, and some rows FAILED or were REJECTED. */
    public static final int ROWS_NEED_ATTENTION = 3;

    private ExitCodes() {
    }
}
