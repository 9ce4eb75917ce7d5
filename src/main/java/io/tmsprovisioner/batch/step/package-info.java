/**
 * The provisioning step's engine: the tasklet, the row pipeline and its scheduler and workers, the rows still to
 * do (and a sync's departed pairs), the outcomes waiting to be committed, and the step's progress. It may use the
 * provisioning rules, the repository's tables ({@code io.tmsprovisioner.repository}), the launch request and the
 * ownership package (the stop request, a refusal); the job's configuration wires it.
 *
 * <h2>The protocol</h2>
 * One job ({@link io.tmsprovisioner.batch.ProvisioningJobConfiguration}), one tasklet step
 * ({@link io.tmsprovisioner.batch.step.ProvisioningTasklet}) over a
 * {@link io.tmsprovisioner.batch.step.RowPipeline}, built anew for every step execution.
 * <ol>
 *   <li><b>Reading.</b> The step's thread is the only reader of the input
 *       ({@link io.tmsprovisioner.batch.step.PendingRows}): it checks the content against the job instance's SHA-256,
 *       reads every row in file order (the duplicate detection needs every earlier row) from blocks checked against
 *       the content as it was hashed, never past its length, and passes over the lines the outcome table already
 *       has. It reads while fewer than
 *       {@code window} rows are in the window (read, not yet committed). Rows that are never sent to Tapis (REJECTED,
 *       DUPLICATE) are recorded at once, by the step's thread.</li>
 *   <li><b>Starting.</b> A VALID row is given to the {@link io.tmsprovisioner.batch.step.RowScheduler}, which the
 *       step's thread alone uses: a row starts once the previous row of its (username, system_id) pair has
 *       finished, while its system has fewer than {@code tms.per-system-concurrency} rows in flight and a worker
 *       thread is free; the earliest such line first. No worker ever waits for a row that is not its own.</li>
 *   <li><b>Working.</b> On a worker thread, {@link io.tmsprovisioner.batch.step.RowWorker}: if the pair's previous
 *       row finished but is not committed yet, its outcome is journaled first (so that a resumed run keeps it
 *       rather than redo it against what this row changes); then the provisioning rules do the row
 *       ({@link io.tmsprovisioner.provisioning.Provisioner}), and the outcome goes to the failure streak. A
 *       finished row is posted to the step's thread, which frees its slots, lets its pair's next row start, and
 *       keeps the outcome to commit.</li>
 *   <li><b>Journaling.</b> {@link io.tmsprovisioner.repository.JdbcAttemptJournal} notes, durably and before the row
 *       goes on: "a create is about to be sent" (before the create), "the remove is done" (after it), and a
 *       pair's previous outcome (above). The notes are written by {@link io.tmsprovisioner.repository.GroupCommit}'s
 *       one writer thread, many per transaction, each transaction also confirming the execution's lease
 *       ({@link io.tmsprovisioner.batch.owner.Heartbeat#confirm}); a remove first waits for such a confirmation too.
 *       A resumed run reads the notes once, when its step starts.</li>
 *   <li><b>Fencing.</b> Every create and remove, its repeats included, goes on the wire only once the run's
 *       {@link io.tmsprovisioner.batch.owner.RunGuard} allows it: the execution's
 *       {@link io.tmsprovisioner.batch.owner.LeaseFence} was renewed within half the stale limit. A lease found lost
 *       raises the rows' stop signal and aborts the pipeline before any further send.</li>
 *   <li><b>Trying again.</b> A row whose calls were given up after transient failures is put off
 *       ({@link io.tmsprovisioner.provisioning.TryLaterException}) and tried once more, as its last try, when
 *       nothing else is in flight or may start; its pair's later rows wait for it.</li>
 *   <li><b>Committing.</b> Each call of the tasklet takes the outcomes that finished (up to
 *       {@code tms.chunk-size}, gathered for up to 200 ms) and, in the step's transaction, confirms the lease,
 *       inserts them into {@code PROVISIONING_OUTCOME}, deletes those rows' journal notes and saves the step's
 *       counts. Only after that transaction commits does the step's thread count them out of the window and
 *       forget the pairs' outcomes. Outcomes are committed in the order rows finish, so the outcome table, not
 *       a reader position, is what a resumed run starts from.</li>
 *   <li><b>Ending.</b> COMPLETED when every row is recorded (and the instance's last notes are deleted).
 *       A row whose work throws ends the run: no row starts after it, its pair is blocked (its later rows never start),
 *       the rows in flight may finish for up to {@code tms.stop-grace} (none is waited for when another run took
 *       the execution over), they are committed, and the step fails with that row's exception. A
 *       {@link io.tmsprovisioner.batch.owner.StopRequest} (SIGTERM, Ctrl-C, or a {@link io.tmsprovisioner.batch.owner.RemoteStop}
 *       that the heartbeat found in the repository) ends it the same way, STOPPED. No thread is
 *       ever interrupted: an interrupt in the middle of its I/O makes an H2 file database close itself.</li>
 * </ol>
 *
 * <h2>Its threads</h2>
 * The pipeline has two kinds of thread. The step's thread owns it: the input, the scheduler, the rows in the window and the
 * outcomes not committed. It reads and starts the first rows before the step's first call; then each call of the
 * tasklet handles what the other threads posted to the pipeline's one event queue (a row finished, a row did not,
 * the run is to end), reading and starting rows after each, until it has outcomes to commit, and commits them. So
 * rows start while the step's thread gathers, and wait while it commits. The worker threads
 * ({@code tms.concurrency}) run one row each and post how it went. A stop request (any thread) posts too, and sets
 * the one field the threads share besides the queue, read before every row is read or started, so that none
 * starts after it; the lease-lost abort (the heartbeat's thread) only posts.
 */
package io.tmsprovisioner.batch.step;
