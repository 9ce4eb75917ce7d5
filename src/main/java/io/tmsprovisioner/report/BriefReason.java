package io.tmsprovisioner.report;

import io.tmsprovisioner.provisioning.RowOutcome;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A row's reason as the table and HTML reports show it: one sentence. The Provisioner records a refusal as
 * {@code "<our sentence>; HTTP <status>: <CODE> <Tapis's text>"}, and Tapis words its text for its own developers
 * ({@code jwtTenant: ... jwtUserId: ... OboTenant: ... OboUser: ...}): an administrator reading 27 such rows
 * needs our sentence and the code, and the whole answer only for a ticket to Tapis. CSV and JSON keep the
 * message whole.
 *
 * @param sentence  what to show
 * @param tapisText Tapis's answer as recorded, from {@code "HTTP <status>: "} on; null when the message holds none
 */
record BriefReason(String sentence, String tapisText) {
    private static final Pattern LEADING_CODE = Pattern.compile("^[A-Z][A-Z0-9_]+ ");
    private static final Pattern TRAILING_SEPARATOR = Pattern.compile("[;:,\\s]+$");

    static BriefReason of(RowOutcome row) {
        String message = Objects.toString(row.message(), "");
        int answer = row.httpStatus() == null ? -1 : message.indexOf("HTTP " + row.httpStatus() + ": ");
        if (answer < 0) {
            return new BriefReason(message, null);
        }
        String ours = TRAILING_SEPARATOR.matcher(message.substring(0, answer)).replaceFirst("");
        String tapisText = message.substring(answer);
        String sentence = ours.isEmpty() ? tapisSentence(tapisText.substring(tapisText.indexOf(": ") + 2)) : ours;
        return new BriefReason(sentence.isBlank() ? message : sentence, tapisText);
    }

    /** For a message with no sentence of ours: Tapis's own, "No system found." from "SYSAPI_NOSYSTEM No system found. jwtTenant: ...". */
    private static String tapisSentence(String tapisMessage) {
        String text = LEADING_CODE.matcher(tapisMessage).replaceFirst("");
        int context = text.indexOf(" jwtTenant: ");
        return context < 0 ? text : text.substring(0, context);
    }

    /** The sentence and the Tapis code, for a report without a column of its own for the code. */
    String withCode(String tapisCode) {
        return tapisCode == null ? sentence : sentence + " (" + tapisCode + ")";
    }
}
