/**
 * What the tool prints and writes about executions: the end-of-run summary and {@code status}
 * ({@link io.tmsprovisioner.report.Summaries}), {@code report} as a table, CSV, JSON or one HTML page
 * ({@link io.tmsprovisioner.report.OutcomeReport}, {@link io.tmsprovisioner.report.HtmlReport}), and
 * {@code history} ({@link io.tmsprovisioner.report.UserHistory}). Streaming: a report of a million rows needs no
 * more memory than one of ten. Text from outside (user names, Tapis's messages) is made safe for the terminal,
 * the spreadsheet ({@link io.tmsprovisioner.report.SpreadsheetSafeCsv}) and the browser
 * ({@link io.tmsprovisioner.report.HtmlWriter}).
 *
 * <p>Reads the repository; used by {@code cli} and {@code metrics}.
 */
package io.tmsprovisioner.report;
