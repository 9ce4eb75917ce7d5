package io.tmsprovisioner.report;

import io.tmsprovisioner.repository.RecordedOutcome;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;

import java.io.Writer;
import java.util.EnumSet;
import java.util.List;

/**
 * One self-contained HTML page about an execution: its facts, a chart of the outcome counts and a
 * table of the listed rows (FAILED and REJECTED unless {@code --only} says otherwise). Inline CSS and
 * SVG only, and a Content-Security-Policy that forbids scripts and every fetch: the page opens offline,
 * and even a markup mistake could not make it run or load anything. Rows are written as they are read.
 */
final class HtmlReport {
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'";

    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: #1d2125; margin: 2em auto; max-width: 1100px; padding: 0 1.5em; }
            h1 { font-size: 1.6em; margin: 0 0 .6em; }
            h2 { font-size: 1.2em; margin: 1.8em 0 .6em; border-bottom: 1px solid #d0d4d9; padding-bottom: .2em; }
            .status { font-size: .65em; vertical-align: middle; padding: .15em .6em; border-radius: 1em;
                      color: #fff; background: #6c757d; }
            .status-COMPLETED { background: #2e7d32; } .status-FAILED, .status-STOPPED, .status-ABANDONED { background: #c62828; }
            .status-COMPLETED_WITH_FAILURES { background: #b45309; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3em 1.5em; margin: 0; }
            dl.facts dt { color: #59636e; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
            .stopped { color: #c62828; }
            svg.chart { max-width: 100%; height: auto; }
            svg.chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1d2125;
                             dominant-baseline: central; }
            svg.chart text.label { text-anchor: end; } svg.chart text.count { font-weight: 600; }
            svg.chart rect.track { fill: #f1f3f5; } svg.chart rect.bar { fill: var(--outcome); }
            table { border-collapse: collapse; width: 100%; font-size: .92em; }
            th, td { text-align: left; vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #e3e6e9; }
            th { background: #f1f3f5; position: sticky; top: 0; white-space: nowrap; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            /* break-word, not anywhere: a name breaks only when it cannot fit, never to make room for others */
            td.name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: break-word; }
            td.reason { overflow-wrap: break-word; word-break: break-word; }
            td.reason summary { cursor: pointer; } td.reason p.tapis { margin: .3em 0 0; color: #59636e; font-size: .9em; }
            .badge { color: #fff; background: var(--outcome); border-radius: .3em; padding: .05em .45em; font-size: .85em;
                     white-space: nowrap; }
            .empty { color: #8a939c; font-style: italic; white-space: nowrap; }
            p.none { padding: .8em 1em; background: #edf7ee; border-left: 4px solid #2e7d32; }
            footer { margin-top: 2.5em; color: #59636e; font-size: .85em; }
            """;

    private final HtmlWriter html;

    private HtmlReport(HtmlWriter html) {
        this.html = html;
    }

    /**
     * @param listed the outcomes whose rows the table shows
     * @param rows   feeds the listed rows, in line order, to the consumer it is given
     */
    static void write(ExecutionOverview execution, OutcomeSelection listed,
                      OutcomeRows rows, Writer out) {
        HtmlWriter html = new HtmlWriter(out);
        HtmlReport page = new HtmlReport(html);
        page.head(execution);
        page.facts(execution);
        html.markup("<h2>Outcomes of the job instance</h2>\n");
        OutcomeChart.write(execution.instanceCounts(), execution.dryRun(), html);
        page.rows(execution, listed, rows);
        html.markup("<footer>Written by tms-provisioner <code>report ").text(execution.executionId())
                .markup(" --format html</code>. Rows of the job instance recorded up to this execution, by it and by "
                        + "the earlier executions it resumed.</footer>\n</body>\n</html>\n");
        html.flush();
    }

    private void head(ExecutionOverview execution) {
        html.markup("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .markup("<meta http-equiv=\"Content-Security-Policy\" content=\"").text(CSP).markup("\">\n")
                .markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .markup("<title>tms-provisioner: execution ").text(execution.executionId()).markup("</title>\n")
                .markup("<style>\n").markup(STYLE).markup(outcomeColours()).markup("</style>\n</head>\n<body>\n")
                .markup("<h1>Execution ").text(execution.executionId())
                .markup(" <span class=\"status status-").text(execution.shownStatus().replace(' ', '_')).markup("\">")
                .text(execution.shownStatus()).markup("</span></h1>\n");
    }

    /** One custom property per outcome, used by the chart's bars and the table's badges alike. */
    private static String outcomeColours() {
        StringBuilder css = new StringBuilder();
        for (Outcome outcome : Outcome.values()) {
            css.append(".o-").append(outcome.name()).append(" { --outcome: ").append(OutcomeChart.colour(outcome))
                    .append("; }\n");
        }
        return css.toString();
    }

    private void facts(ExecutionOverview execution) {
        html.markup("<dl class=\"facts\">\n");
        fact("Execution", execution.executionId());
        fact("Job instance", execution.instanceId());
        fact("Status", execution.shownStatus());
        fact("Started", Summaries.time(execution.start()));
        fact("Ended", Summaries.time(execution.end()));
        fact("Duration", execution.duration().map(Summaries::seconds).orElse("-"));
        fact("Default action", OutcomeReport.lower(execution.action()));
        if (execution.dryRun()) {
            fact("Mode", "dry run: only checks were sent, nothing was created or removed");
        }
        fact("Input file", execution.inputFile());
        fact("Tapis URL", execution.tapisUrl());
        fact("Rows", execution.executionRows() + " recorded by this execution, " + execution.instanceRows()
                + " by the job instance in all");
        for (String failure : execution.failures()) {
            html.markup("<dt class=\"stopped\">The job stopped</dt><dd class=\"stopped\">").text(failure)
                    .markup("</dd>\n");
        }
        html.markup("</dl>\n");
    }

    private void fact(String name, Object value) {
        html.markup("<dt>").text(name).markup("</dt><dd>").text(value == null ? "-" : value).markup("</dd>\n");
    }

    private void rows(ExecutionOverview execution, OutcomeSelection listed, OutcomeRows rows) {
        long expected = listed.outcomes().stream().mapToLong(o -> execution.instanceCounts().getOrDefault(o, 0L)).sum();
        html.markup("<h2>").text(title(listed)).markup(" (").text(expected).markup(")</h2>\n");
        // The table is opened by its first row, so that no row means a sentence, never an empty table.
        boolean[] open = {false};
        rows.forEach(recorded -> {
            if (!open[0]) {
                html.markup("<table>\n<thead><tr><th>Line</th><th>User</th><th>System</th><th>Action</th>"
                        + "<th>Outcome</th><th>HTTP status</th><th>Tapis code</th><th>Reason</th></tr></thead>\n<tbody>\n");
                open[0] = true;
            }
            row(recorded.row());
        });
        if (open[0]) {
            html.markup("</tbody>\n</table>\n");
        } else {
            html.markup("<p class=\"none\">").text(noRows(listed)).markup("</p>\n");
        }
    }

    private void row(RowOutcome o) {
        html.markup("<tr class=\"o-").text(o.outcome().name()).markup("\"><td class=\"num\">").text(o.lineNumber())
                .markup("</td><td class=\"name\">");
        name(o.username());
        html.markup("</td><td class=\"name\">");
        name(o.systemId());
        html.markup("</td><td>");
        if (o.action() == null) {
            html.markup("<span class=\"empty\">(not an action)</span>");
        } else {
            html.text(o.action().label());
        }
        html.markup("</td><td><span class=\"badge\">").text(o.outcome().name()).markup("</span></td><td class=\"num\">")
                .text(o.httpStatus()).markup("</td><td>").text(o.tapisCode()).markup("</td><td class=\"reason\">");
        reason(o);
        html.markup("</td></tr>\n");
    }

    /**
     * One sentence (the code has its own column); Tapis's whole answer in a details element under it rather
     * than a title attribute: it can be selected and copied into a ticket, is reached by keyboard and touch,
     * and find-in-page opens it. No script needed, which the page's policy forbids anyway.
     */
    private void reason(RowOutcome o) {
        BriefReason reason = BriefReason.of(o);
        if (reason.tapisText() == null) {
            html.text(reason.sentence());
        } else {
            html.markup("<details><summary>").text(reason.sentence()).markup("</summary><p class=\"tapis\">")
                    .text(reason.tapisText()).markup("</p></details>");
        }
    }

    /** An empty name is what made some rows REJECTED: say so rather than leave a blank cell. */
    private void name(String name) {
        if (name == null || name.isEmpty()) {
            html.markup("<span class=\"empty\">(empty)</span>");
        } else {
            html.text(name);
        }
    }

    private static String title(OutcomeSelection listed) {
        return listed.outcomes().equals(EnumSet.allOf(Outcome.class)) ? "All rows" : listed.describe() + " rows";
    }

    private static String noRows(OutcomeSelection listed) {
        if (listed.outcomes().equals(EnumSet.allOf(Outcome.class))) {
            return "No rows recorded.";
        }
        List<String> names = listed.outcomes().stream().map(Outcome::name).toList();
        String all = names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1);
        return "No " + all + " rows.";
    }
}
