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
-- What earlier runs did to one user's credential on one system: a key the host refused is replaced once.
CREATE INDEX IF NOT EXISTS PROVISIONING_OUTCOME_PAIR_IX ON PROVISIONING_OUTCOME (SYSTEM_ID, USERNAME);

-- Work done on rows whose outcome is not committed yet, written outside the chunk transaction so that
-- it survives a crash; a chunk's notes are deleted in the transaction that writes its outcomes. A
-- resumed run reads them so that no row is done twice: a create may already have minted keys, a
-- remove may already have been followed by a later row's create, a finished row's result stands.
CREATE TABLE IF NOT EXISTS PROVISIONING_ATTEMPT (
    JOB_INSTANCE_ID  BIGINT        NOT NULL,
    LINE_NUMBER      BIGINT        NOT NULL,
    CREATE_SENT      BOOLEAN       NOT NULL,
    REMOVED          BOOLEAN       NOT NULL,
    USERNAME         VARCHAR(128),
    SYSTEM_ID        VARCHAR(128),
    ACTION           VARCHAR(16),
    OUTCOME          VARCHAR(32),
    HTTP_STATUS      INTEGER,
    TAPIS_CODE       VARCHAR(128),
    MESSAGE          VARCHAR(2000),
    ATTEMPTS         INTEGER,
    DURATION_MS      BIGINT,
    RECORDED_AT      TIMESTAMP,
    CONSTRAINT PROVISIONING_ATTEMPT_PK PRIMARY KEY (JOB_INSTANCE_ID, LINE_NUMBER)
);

-- The last sign of life of each running execution's process, in the database's clock (see Heartbeat): a
-- run on another host takes an execution left STARTED for dead when its heartbeat has stopped.
CREATE TABLE IF NOT EXISTS PROVISIONING_HEARTBEAT (
    JOB_EXECUTION_ID BIGINT                   NOT NULL,
    BEAT_AT          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT PROVISIONING_HEARTBEAT_PK PRIMARY KEY (JOB_EXECUTION_ID)
);
-- How long the owner may stay silent before it is taken for dead: readers judge by the owner's limit, not
-- their own. Added to repositories made by earlier versions; their rows (NULL) are judged by the reader's.
ALTER TABLE PROVISIONING_HEARTBEAT ADD COLUMN IF NOT EXISTS STALE_AFTER_MS BIGINT;
-- A stop asked for from any host (`stop EXECUTION_ID`): when, by the database's clock, and by whom (user@host).
-- The owner's heartbeat reads it and stops the run as SIGTERM does; it goes with the row when the run ends.
-- Not a status in BATCH_JOB_EXECUTION: the owner updates that row with a version check, and a second writer
-- would make the owner's next update fail (Spring Batch 6.0's STOPPING clash, #5120).
ALTER TABLE PROVISIONING_HEARTBEAT ADD COLUMN IF NOT EXISTS STOP_REQUESTED_AT TIMESTAMP WITH TIME ZONE;
ALTER TABLE PROVISIONING_HEARTBEAT ADD COLUMN IF NOT EXISTS STOP_REQUESTED_BY VARCHAR(256);

-- `history --user U`: every outcome of one user, whatever the system (the pair index leads with the system).
CREATE INDEX IF NOT EXISTS PROVISIONING_OUTCOME_USER_IX ON PROVISIONING_OUTCOME (USERNAME);

-- The credentials this tool created and has not removed since, one row per tenant, system and user, with the
-- roster whose run created them: what a --sync of that roster may remove once the roster no longer lists the
-- pair. Written with the outcomes, in their transaction; kept by prune, as it is the present, not history.
CREATE TABLE IF NOT EXISTS PROVISIONING_CREDENTIAL (
    TAPIS_URL        VARCHAR(512)  NOT NULL,
    SYSTEM_ID        VARCHAR(128)  NOT NULL,
    USERNAME         VARCHAR(128)  NOT NULL,
    ROSTER           VARCHAR(1024) NOT NULL,
    JOB_EXECUTION_ID BIGINT        NOT NULL,
    CREATED_AT       TIMESTAMP     NOT NULL,
    CONSTRAINT PROVISIONING_CREDENTIAL_PK PRIMARY KEY (TAPIS_URL, SYSTEM_ID, USERNAME)
);
CREATE INDEX IF NOT EXISTS PROVISIONING_CREDENTIAL_ROSTER_IX ON PROVISIONING_CREDENTIAL (ROSTER);

-- The pairs a --sync run removes because its roster no longer lists them, fixed at the job instance's first
-- execution that syncs (with the marker row), so that a resumed run removes the same pairs and no others.
CREATE TABLE IF NOT EXISTS PROVISIONING_SYNC (
    JOB_INSTANCE_ID  BIGINT        NOT NULL,
    ROSTER           VARCHAR(1024) NOT NULL,
    PROTECTED_KEPT   BIGINT        NOT NULL,
    CONSTRAINT PROVISIONING_SYNC_PK PRIMARY KEY (JOB_INSTANCE_ID)
);
CREATE TABLE IF NOT EXISTS PROVISIONING_DEPARTED (
    JOB_INSTANCE_ID  BIGINT        NOT NULL,
    LINE_NUMBER      BIGINT        NOT NULL,
    SYSTEM_ID        VARCHAR(128)  NOT NULL,
    USERNAME         VARCHAR(128)  NOT NULL,
    CONSTRAINT PROVISIONING_DEPARTED_PK PRIMARY KEY (JOB_INSTANCE_ID, LINE_NUMBER)
);

-- One row per request identity (the job's identifying parameters but the sequence: action, content, Tapis URL,
-- mode): a launch holds it locked (SELECT ... FOR UPDATE) from before it looks for the request's latest job
-- instance until its execution exists, so that two runs of the same command, on any hosts, decide one after the
-- other and the second finds the first's execution.
CREATE TABLE IF NOT EXISTS PROVISIONING_LAUNCH (
    REQUEST_KEY      VARCHAR(64)   NOT NULL,
    CONSTRAINT PROVISIONING_LAUNCH_PK PRIMARY KEY (REQUEST_KEY)
);
