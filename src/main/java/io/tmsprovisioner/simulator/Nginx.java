package io.tmsprovisioner.simulator;

/**
 * What nginx in front of the tenant answers itself: its HTML error pages (a gateway error, a rate limit) and the
 * deployer's {@code token-revoked.json} (contract page, "Tenancy, transport" and "Authentication").
 */
final class Nginx {

    private Nginx() {
    }

    /** nginx's built-in page for the status, e.g. {@code <title>502 Bad Gateway</title>}: HTML, never JSON. */
    static Reply errorPage(int status) {
        String html = TapisMessages.fill("NGINX_ERROR_PAGE", status + " " + title(status));
        return Reply.text(status, "text/html", html);
    }

    /**
     * The site router found the token revoked (or could not tell: its Redis failed), so nginx's {@code auth_request}
     * failed and {@code error_page 500 /token-revoked.json} answered: a 500, before the service saw the call.
     */
    static Reply tokenRevoked() {
        String json = TapisMessages.fill("NGINX_TOKEN_REVOKED", Envelopes.SERVICE_IMAGE_VERSION);
        return Reply.json(500, json);
    }

    /** The titles nginx gives these statuses (ngx_http_special_response.c). */
    private static String title(int status) {
        return switch (status) {
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> throw new IllegalArgumentException("nginx page not simulated: " + status);
        };
    }
}
