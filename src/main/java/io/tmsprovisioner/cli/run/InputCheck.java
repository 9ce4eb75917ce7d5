package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.ContentHash;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputFileException;
import io.tmsprovisioner.input.InputRow;

import java.nio.file.Path;

/**
 * Reads the whole input once before the job starts, so that a file that cannot be used (bad header,
 * bad encoding) is a usage error and not a job that fails half-way, fingerprints its content, and counts
 * the rows that would take a credential away.
 *
 * @param sha256   the content's hash: part of the job instance's identity
 * @param rows     how many data rows it has
 * @param removals VALID rows whose action (their own or the default) is remove
 * @param resets   VALID rows whose action is reset
 */
public record InputCheck(String sha256, long rows, long removals, long resets) {

    /**
     * Reads {@code file} to its end, rows without an action of their own taking {@code defaultAction}.
     *
     * @throws UsageException when the file cannot be used
     */
    public static InputCheck of(Path file, Action defaultAction) {
        ContentHash sha256 = new ContentHash();
        long rows = 0;
        long removals = 0;
        long resets = 0;
        // one pass: the digest sees every byte the reader reads, and the reader reads to the end
        try (CsvInput input = CsvInput.open(file, defaultAction, sha256::tap)) {
            for (InputRow row; (row = input.next()) != null; rows++) {
                // rejected and duplicate rows are never sent, so they change nothing
                if (row.verdict() == InputRow.Verdict.VALID) {
                    removals += row.action() == Action.REMOVE ? 1 : 0;
                    resets += row.action() == Action.RESET ? 1 : 0;
                }
            }
        } catch (InputFileException e) {
            throw new UsageException(e.getMessage());
        }
        return new InputCheck(sha256.hex(), rows, removals, resets);
    }

    /** Rows that remove a credential, alone or before minting new keys. */
    public long destructive() {
        return removals + resets;
    }

    /**
     * Refuses a real run that would take away more than {@code ceiling} credentials: a mistaken
     * {@code --action reset} on an onboarding file must not reset every user in it.
     *
     * @param input the input as the administrator gave it, for the message
     */
    public void requireAtMostDestructive(long ceiling, String input) {
        if (destructive() > ceiling) {
            throw new UsageException(input + " would remove " + removals + " and reset " + resets + " credential(s) ("
                    + destructive() + " in all), more than --max-destructive " + ceiling + ". Nothing was started. "
                    + "Run it with --dry-run first to see what it would do, then confirm with --max-destructive "
                    + destructive() + ".");
        }
    }
}
