package io.tmsprovisioner.batch;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

/**
 * The unfinished job instances of the same input file (path), Tapis URL and mode as a request, whose
 * content was another: an earlier version of the file that a run started and did not finish. Starting
 * the new content beside one would, for a reset file, reset every row again.
 */
final class UnfinishedRuns {

    /** The last execution of such an instance: its id and status. */
    record Unfinished(long executionId, long instanceId, String status) {
    }

    private static final String PARAMETER = "EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS p WHERE "
            + "p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?)";

    private final JdbcTemplate jdbc;

    UnfinishedRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    List<Unfinished> ofOtherContent(RunRequest request) {
        return jdbc.query("SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, e.STATUS FROM BATCH_JOB_EXECUTION e "
                        + "JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID "
                        + "WHERE i.JOB_NAME = ? AND e.STATUS NOT IN ('COMPLETED', 'ABANDONED') "
                        + "AND e.JOB_EXECUTION_ID = (SELECT MAX(x.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION x "
                        + "WHERE x.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID) "
                        + "AND " + PARAMETER + " AND " + PARAMETER + " AND " + PARAMETER + " AND NOT " + PARAMETER
                        + " ORDER BY e.JOB_EXECUTION_ID",
                (rs, row) -> new Unfinished(rs.getLong(1), rs.getLong(2), rs.getString(3)),
                ProvisioningJobConfiguration.JOB_NAME,
                JobParameterNames.INPUT_FILE, request.inputFile().toAbsolutePath().toString(),
                JobParameterNames.TAPIS_URL, request.tapisUrl(),
                JobParameterNames.MODE, request.dryRun() ? JobParameterNames.DRY_RUN : JobParameterNames.APPLY,
                JobParameterNames.INPUT_SHA256, request.inputSha256());
    }
}
