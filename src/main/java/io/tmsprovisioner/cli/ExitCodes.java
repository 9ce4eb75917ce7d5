package io.tmsprovisioner.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The process exit codes; cron jobs and scripts depend on them. */
public final class ExitCodes {
    /** The job completed and no row needs attention. */
    public static final int OK = 0;
    /** The job failed or was stopped; running the same command again resumes it. */
    public static final int JOB_FAILED = 1;
    /** Usage or configuration error: nothing was started. */
    public static final int USAGE = 2;
    /** The job completed, and some rows need attention: FAILED, REJECTED, UNVERIFIED or KEYS_REFUSED. */
    public static final int ROWS_NEED_ATTENTION = 3;

    /** What each code means, in the order a reader of {@code --help} looks for them; the one list both help screens show. */
    public static Map<String, String> described() {
        Map<String, String> meanings = new LinkedHashMap<>();
        meanings.put(String.valueOf(OK), "completed, no row FAILED, REJECTED, UNVERIFIED or KEYS_REFUSED");
        meanings.put(String.valueOf(ROWS_NEED_ATTENTION), "completed, some rows FAILED, REJECTED, UNVERIFIED or "
                + "KEYS_REFUSED: read the report");
        meanings.put(String.valueOf(JOB_FAILED), "the job failed or was stopped: run the same command again to resume");
        meanings.put(String.valueOf(USAGE), "usage or configuration error: nothing was started");
        return meanings;
    }

    private ExitCodes() {
    }
}
