package io.tmsprovisioner.batch;

/** SQL for "the execution was launched with this parameter", for the queries that look up executions by parameter. */
final class StoredParameter {

    private StoredParameter() {
    }

    /**
     * @param executionId the column holding the execution's id, qualified by its table's alias
     * @return a condition with two placeholders: the parameter's name and its stored value
     */
    static String matches(String executionId) {
        return "EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = " + executionId
                + " AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?)";
    }
}
