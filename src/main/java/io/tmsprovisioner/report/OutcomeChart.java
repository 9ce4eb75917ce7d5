package io.tmsprovisioner.report;

import io.tmsprovisioner.provisioning.Outcome;

import java.util.List;
import java.util.Map;

/** Outcome counts as horizontal bars in inline SVG: drawn by the browser, nothing to fetch. */
final class OutcomeChart {
    private static final int LABEL_WIDTH = 150;
    private static final int BAR_MAX = 420;
    private static final int NUMBER_WIDTH = 90;
    private static final int ROW = 30;
    private static final int BAR = 20;

    private OutcomeChart() {
    }

    /** The colour of each outcome, as a CSS custom property the chart's bars and the table's badges share. */
    static String colour(Outcome outcome) {
        return switch (outcome) {
            case ALREADY_PRESENT -> "#5b7fa6";
            case RECENTLY_VERIFIED -> "#9db4cf";
            case CREATED -> "#2e7d32";
            case NOT_TMS -> "#8d8d8d";
            case REMOVED -> "#6a4fb3";
            case RESET -> "#00838f";
            case UNVERIFIED -> "#f9a825";
            case KEYS_REFUSED -> "#ad1457";
            case FAILED -> "#c62828";
            case REJECTED -> "#e65100";
            case DUPLICATE -> "#a8a8a8";
            case WOULD_CREATE -> "#81c784";
            case WOULD_REMOVE -> "#9f8fd6";
            case WOULD_RESET -> "#4db6ac";
        };
    }

    /** One bar per outcome the run could record, zeros included, so that charts of different runs read alike. */
    static void write(Map<Outcome, Long> counts, boolean dryRun, HtmlWriter html) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Outcome> outcomes = Outcome.recordedBy(dryRun);
        int width = LABEL_WIDTH + BAR_MAX + NUMBER_WIDTH;
        int height = outcomes.size() * ROW;
        html.markup("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-title\""
                        + " width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\">")
                .markup("<title id=\"chart-title\">Rows per outcome</title>");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            long count = counts.getOrDefault(outcome, 0L);
            int length = barLength(count, max);
            int top = i * ROW + (ROW - BAR) / 2;
            int middle = i * ROW + ROW / 2;
            html.markup("<g class=\"o-").text(outcome.name()).markup("\">")
                    .markup("<text class=\"label\" x=\"" + (LABEL_WIDTH - 10) + "\" y=\"" + middle + "\">")
                    .text(outcome.name()).markup("</text>")
                    .markup("<rect class=\"track\" x=\"" + LABEL_WIDTH + "\" y=\"" + top + "\" width=\"" + BAR_MAX
                            + "\" height=\"" + BAR + "\"/>")
                    .markup("<rect class=\"bar\" x=\"" + LABEL_WIDTH + "\" y=\"" + top + "\" width=\"" + length
                            + "\" height=\"" + BAR + "\" rx=\"2\"><title>").text(outcome.name() + ": " + count)
                    .markup("</title></rect>")
                    .markup("<text class=\"count\" x=\"" + (LABEL_WIDTH + length + 8) + "\" y=\"" + middle + "\">")
                    .text(count).markup("</text></g>");
        }
        html.markup("</svg>\n");
    }

    /** Proportional to the largest count; a count of 1 among thousands still shows. */
    static int barLength(long count, long max) {
        if (count <= 0 || max <= 0) {
            return 0;
        }
        return (int) Math.max(2, Math.round((double) count * BAR_MAX / max));
    }
}
