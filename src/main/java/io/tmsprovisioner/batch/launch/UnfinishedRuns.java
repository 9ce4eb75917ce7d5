package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.repository.StoredParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * The unfinished job instances of the same input file (path), Tapis URL and mode as a request, whose
 * content was another: an earlier version of the file that a run started and did not finish. Starting
 * the new content beside one would, for a reset file, reset every row again.
 */
final class UnfinishedRuns {

    /**
     * The last execution of such an instance: its id and status.
     *
     * @param destructive whether its content removes or resets a credential; true when its execution did not
     *                    record it (an earlier version's), as nothing then tells that it did not
     */
    record Unfinished(long executionId, long instanceId, String status, boolean destructive) {

        /**
         * Whether {@code request} may take this run's place without being asked to: neither content removes or
         * resets anything, and establishing a pair again (as the new content does for rows the old run did)
         * only finds it present.
         */
        boolean supersedableBy(RunRequest request) {
            return !destructive && !request.destructive();
        }
    }

    private static final String PARAMETER = StoredParameter.matches("e.JOB_EXECUTION_ID");

    private final JdbcTemplate jdbc;

    UnfinishedRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Unfinished> ofOtherContent(RunRequest request) {
        // the values as the request's instances store them; the sequence is not compared, so any will do
        JobParameters stored = request.parameters(1);
        return jdbc.query("SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, e.STATUS, "
                        + StoredParameter.valueOf("e.JOB_EXECUTION_ID") + " "
                        + "FROM BATCH_JOB_EXECUTION e "
                        + "JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID "
                        + "WHERE i.JOB_NAME = ? AND e.STATUS NOT IN ('COMPLETED', 'ABANDONED') "
                        + "AND e.JOB_EXECUTION_ID = (SELECT MAX(x.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION x "
                        + "WHERE x.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID) "
                        + "AND " + PARAMETER + " AND " + PARAMETER + " AND " + PARAMETER + " AND NOT " + PARAMETER
                        + " ORDER BY e.JOB_EXECUTION_ID",
                (rs, row) -> new Unfinished(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        !"false".equals(rs.getString(4))),
                JobParameterNames.INPUT_DESTRUCTIVE, JobParameterNames.JOB_NAME,
                JobParameterNames.INPUT_FILE, stored.getString(JobParameterNames.INPUT_FILE),
                JobParameterNames.TAPIS_URL, stored.getString(JobParameterNames.TAPIS_URL),
                JobParameterNames.MODE, stored.getString(JobParameterNames.MODE),
                JobParameterNames.INPUT_SHA256, stored.getString(JobParameterNames.INPUT_SHA256));
    }
}
