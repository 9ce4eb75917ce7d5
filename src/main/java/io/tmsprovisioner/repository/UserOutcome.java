package io.tmsprovisioner.repository;

/**
 * One outcome of a user's history: the row as recorded, and what its execution recorded of the run and of who
 * launched it.
 *
 * @param inputFile  where the run read its input
 * @param dryRun     whether the run only said what it would do
 * @param osUser     the operating system user that launched the execution; null for one an earlier version recorded
 * @param tapisLogin whom Tapis knew that user as; null when unknown or recorded by an earlier version
 */
public record UserOutcome(RecordedOutcome recorded, long jobInstanceId, String inputFile, boolean dryRun,
                          String osUser, String tapisLogin) {
}
