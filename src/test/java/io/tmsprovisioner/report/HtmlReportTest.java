package io.tmsprovisioner.report;

import io.tmsprovisioner.repository.RecordedOutcome;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tmsprovisioner.report.OutcomeReport.Format.HTML;
import static io.tmsprovisioner.report.ReportFixtures.execution;
import static io.tmsprovisioner.report.ReportFixtures.UNAUTH_SENTENCE;
import static io.tmsprovisioner.report.ReportFixtures.UNAUTH_TAPIS_TEXT;
import static io.tmsprovisioner.report.ReportFixtures.failed;
import static io.tmsprovisioner.report.ReportFixtures.refused;
import static io.tmsprovisioner.report.ReportFixtures.rejected;
import static io.tmsprovisioner.report.ReportFixtures.render;
import static io.tmsprovisioner.report.ReportFixtures.row;
import static io.tmsprovisioner.report.ReportFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    private static final List<RecordedOutcome> ROWS = List.of(
            row(2, "jdoe", "stampede3", Action.ESTABLISH, Outcome.CREATED),
            row(3, "asmith", "stampede3", Action.ESTABLISH, Outcome.CREATED),
            row(4, "kwong", "frontera", Action.ESTABLISH, Outcome.ALREADY_PRESENT),
            failed(5, "jdoe", "vista", 401, "SYSAPI_CRED_VALID_FAIL", "Credential validation failed"),
            rejected(6, "j doe", "stampede3", Action.ESTABLISH, "username 'j doe' has a character not allowed"),
            rejected(7, "bking", "stampede3", null, "action 'delete' is not one of establish, remove, reset"),
            rejected(8, "", "stampede3", Action.ESTABLISH, "username is empty"),
            row(9, "kwong", "frontera", Action.ESTABLISH, Outcome.DUPLICATE));

    private static List<String> tableRows(String html) {
        List<String> rows = new ArrayList<>();
        Matcher matcher = Pattern.compile("<tr class=\"o-[A-Z_]+\">.*?</tr>").matcher(html);
        while (matcher.find()) {
            rows.add(matcher.group());
        }
        return rows;
    }

    @Test
    void thePageHoldsTheFactsTheCountsAndOneRowPerFailedOrRejectedOutcome() {
        String html = render(HTML, OutcomeSelection.UNSPECIFIED, ROWS);

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<title>tms-provisioner: execution 12</title>",
                        "<dt>Execution</dt><dd>12</dd>", "<dt>Job instance</dt><dd>7</dd>",
                        "<dt>Status</dt><dd>COMPLETED WITH FAILURES</dd>", "<dt>Started</dt><dd>2025-03-01 02:00:00</dd>",
                        "<dt>Ended</dt><dd>2025-03-01 02:00:42</dd>", "<dt>Duration</dt><dd>42.5 s</dd>",
                        "<dt>Default action</dt><dd>establish</dd>", "<dt>Input file</dt><dd>/data/cohort.csv</dd>",
                        "<dt>Tapis URL</dt><dd>https://tenant.tapis.io</dd>",
                        "<h2>FAILED, UNVERIFIED, KEYS_REFUSED, REJECTED rows (4)</h2>");
        // the chart: one labelled bar per outcome with its count
        assertThat(html).contains("<title>CREATED: 2</title>", "<title>FAILED: 1</title>", "<title>REJECTED: 3</title>",
                "<title>RESET: 0</title>");
        assertThat(html.split("<rect class=\"bar\"", -1)).hasSize(Outcome.recordedBy(false).size() + 1);
        assertThat(tableRows(html)).hasSize(4);
        assertThat(tableRows(html).get(0)).contains(">5<", ">jdoe<", ">vista<", ">establish<", ">FAILED<", ">401<",
                ">SYSAPI_CRED_VALID_FAIL<", ">Credential validation failed<");
        assertThat(tableRows(html).get(2)).contains(">bking<", "(not an action)", ">REJECTED<");
        assertThat(tableRows(html).get(3)).contains(">8<", "(empty)", ">username is empty<");
        assertThat(html).doesNotContain("asmith", "DUPLICATE</span>");
    }

    @Test
    void hostileTextFromTheRepositoryIsEscaped() {
        List<RecordedOutcome> rows = List.of(
                failed(2, "jdoe", "sys", 500, "\"><script>alert(1)</script>", "<script>alert('pwned')</script> & more"),
                rejected(3, "<img src=x onerror=alert(2)>", "s'ys", Action.ESTABLISH, "bad </td></tr></table>"));
        StringWriter out = new StringWriter();

        OutcomeReport.write(HTML, OutcomeSelection.UNSPECIFIED,
                execution(rows, List.of("<b>Tapis</b> said \"no\"")), source(rows), out);

        String html = out.toString();
        assertThat(html).doesNotContain("<script", "<img", "<b>", "</td></tr></table>")
                .contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; more",
                        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                        "&lt;img src=x onerror=alert(2)&gt;", "s&#39;ys", "bad &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;",
                        "&lt;b&gt;Tapis&lt;/b&gt; said &quot;no&quot;");
        assertThat(tableRows(html)).hasSize(2);
    }

    @Test
    void thePageNeedsNothingFromTheNetworkAndMayRunNoScript() {
        String html = render(HTML, OutcomeSelection.UNSPECIFIED, ROWS);

        assertThat(html).contains("<style>", "<svg ", "http-equiv=\"Content-Security-Policy\"",
                "content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;\"");
        assertThat(html.toLowerCase()).doesNotContain("<script", "<link", "<img", "src=", "href=", "url(", "@import",
                "@font-face");
    }

    @Test
    void aRunWithoutFailedOrRejectedRowsSaysSoInsteadOfAnEmptyTable() {
        List<RecordedOutcome> clean = List.of(row(2, "jdoe", "stampede3", Action.ESTABLISH, Outcome.CREATED));

        String html = render(HTML, OutcomeSelection.UNSPECIFIED, clean);

        assertThat(html).contains("<p class=\"none\">No FAILED, UNVERIFIED, KEYS_REFUSED or REJECTED rows.</p>", "<title>CREATED: 1</title>")
                .doesNotContain("<table");
        assertThat(html).contains("<span class=\"status status-COMPLETED\">COMPLETED</span>",
                "<dt>Status</dt><dd>COMPLETED</dd>");
    }

    @Test
    void aRunWith27Of60RowsFailedIsCompletedWithFailuresNotAGreenCompleted() {
        List<RecordedOutcome> rows = new ArrayList<>();
        for (int line = 2; line < 62; line++) {
            rows.add(line < 29 ? refused(line, "user" + line, "vista")
                    : row(line, "user" + line, "stampede3", Action.ESTABLISH, Outcome.CREATED));
        }

        String html = render(HTML, OutcomeSelection.UNSPECIFIED, rows);

        assertThat(html).contains("<title>FAILED: 27</title>", "<title>CREATED: 33</title>",
                        "<span class=\"status status-COMPLETED_WITH_FAILURES\">COMPLETED WITH FAILURES</span>",
                        "<dt>Status</dt><dd>COMPLETED WITH FAILURES</dd>")
                .doesNotContain("status-COMPLETED\"", "<dd>COMPLETED</dd>");
        // its own colour, not the green of a clean run
        assertThat(html).containsPattern("\\.status-COMPLETED_WITH_FAILURES \\{ background: #(?!2e7d32)");
    }

    @Test
    void aRejectedRunIsCompletedWithFailuresToo() {
        String html = render(HTML, OutcomeSelection.UNSPECIFIED, List.of(
                row(2, "jdoe", "stampede3", Action.ESTABLISH, Outcome.CREATED),
                rejected(3, "j doe", "stampede3", Action.ESTABLISH, "username 'j doe' has a character not allowed")));

        assertThat(html).contains("<dt>Status</dt><dd>COMPLETED WITH FAILURES</dd>");
    }

    @Test
    void aFailedRowReadsAsOneSentenceAndItsCodeWithTapisWholeTextOneClickAway() {
        String row = tableRows(render(HTML, OutcomeSelection.UNSPECIFIED, List.of(refused(5, "jdoe", "vista")))).get(0);

        // what the page shows before anyone opens the details: the code's cell and our sentence
        String shown = row.replaceAll("<details><summary>(.*?)</summary>.*?</details>", "$1");
        assertThat(shown).contains("<td>SYSLIB_UNAUTH</td>", "<td class=\"reason\">" + UNAUTH_SENTENCE + "</td>")
                .doesNotContain("jwtTenant:", "OboUser:", "HTTP 403:");
        // Tapis's own words, whole, for a ticket to the Tapis team
        assertThat(row).contains("<summary>" + UNAUTH_SENTENCE + "</summary>",
                ">HTTP 403: " + UNAUTH_TAPIS_TEXT + "<");
    }

    @Test
    void aFailureWithoutOurSentenceShowsTapisFirstSentence() {
        String row = tableRows(render(HTML, OutcomeSelection.UNSPECIFIED, List.of(failed(5, "jdoe", "nowhere", 404,
                "SYSAPI_NOSYSTEM", "HTTP 404: SYSAPI_NOSYSTEM No system found. jwtTenant: designsafe jwtUser: "
                        + "tms-admin OboTenant: designsafe OboUser: tms-admin System: nowhere")))).get(0);

        assertThat(row).contains("<summary>No system found.</summary>");
    }

    @Test
    void onlyChoosesTheRowsOfTheTable() {
        String html = render(HTML, OutcomeSelection.parse("created,duplicate"), ROWS);

        assertThat(html).contains("<h2>CREATED, DUPLICATE rows (3)</h2>");
        assertThat(tableRows(html)).hasSize(3).allSatisfy(tr -> assertThat(tr).containsAnyOf(">CREATED<", ">DUPLICATE<"));
        // the chart still shows every outcome: it is the run's overview
        assertThat(html).contains("<title>FAILED: 1</title>");
    }

    @Test
    void rowsAreWrittenAsTheyAreReadNotBuffered() {
        StringWriter out = new StringWriter();
        List<String> seenWhenNextRowCame = new ArrayList<>();

        OutcomeReport.write(HTML, OutcomeSelection.UNSPECIFIED, execution(ROWS, List.of()), consumer -> {
            for (RecordedOutcome row : ROWS) {
                seenWhenNextRowCame.add(out.toString());
                consumer.accept(row);
            }
        }, out);

        // when line 6 is read, line 5's row is already written out
        assertThat(tableRows(seenWhenNextRowCame.get(4))).hasSize(1).first().asString().contains(">vista<");
    }

    @Test
    void barsAreProportionalAndASmallCountStillShows() {
        assertThat(OutcomeChart.barLength(1000, 1000)).isEqualTo(420);
        assertThat(OutcomeChart.barLength(500, 1000)).isEqualTo(210);
        assertThat(OutcomeChart.barLength(1, 100_000)).isEqualTo(2);
        assertThat(OutcomeChart.barLength(0, 1000)).isZero();
        assertThat(OutcomeChart.barLength(0, 0)).isZero();
    }

    @Test
    void escapeCoversMarkupQuotesAndControlCharacters() {
        assertThat(HtmlWriter.escape("a<b>&\"c'\u0000\u001b\td\n")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;\uFFFD\uFFFD\td\n");
    }
}
