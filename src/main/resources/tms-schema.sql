-- The project's own tables, beside Spring Batch's. Portable SQL: H2 and PostgreSQL both run it, on every start.

-- One row per data line of a job instance, written in the chunk's transaction; the key makes a second
-- outcome for the same line impossible.
CREATE TABLE IF NOT EXISTS PROVISIONING_OUTCOME (
    JOB_INSTANCE_ID  BIGINT        NOT NULL,
    JOB_EXECUTION_ID BIGINT        NOT NULL,
    LINE_NUMBER      BIGINT        NOT NULL,
    USERNAME         VARCHAR(128),
    SYSTEM_ID        VARCHAR(128),
    ACTION           VARCHAR(16),
    OUTCOME          VARCHAR(32)   NOT NULL,
    HTTP_STATUS      INTEGER,
    TAPIS_CODE       VARCHAR(128),
    MESSAGE          VARCHAR(2000),
    ATTEMPTS         INTEGER       NOT NULL,
    DURATION_MS      BIGINT        NOT NULL,
    RECORDED_AT      TIMESTAMP     NOT NULL,
    CONSTRAINT PROVISIONING_OUTCOME_PK PRIMARY KEY (JOB_INSTANCE_ID, LINE_NUMBER)
);
CREATE INDEX IF NOT EXISTS PROVISIONING_OUTCOME_EXECUTION_IX ON PROVISIONING_OUTCOME (JOB_EXECUTION_ID);

-- Work started on rows whose outcome is not committed yet, written outside the chunk transaction so
-- that it survives a crash: a resumed run reads it to never send a second create for a row.
CREATE TABLE IF NOT EXISTS PROVISIONING_ATTEMPT (
    JOB_INSTANCE_ID BIGINT  NOT NULL,
    LINE_NUMBER     BIGINT  NOT NULL,
    ATTEMPTS        INTEGER NOT NULL,
    CREATE_SENT     BOOLEAN NOT NULL,
    CONSTRAINT PROVISIONING_ATTEMPT_PK PRIMARY KEY (JOB_INSTANCE_ID, LINE_NUMBER)
);
