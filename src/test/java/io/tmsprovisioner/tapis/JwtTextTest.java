package io.tmsprovisioner.tapis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Whom a token names, for the record of who ran an execution. */
class JwtTextTest {

    private static String token(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void tapisUsernameIsPreferredToTheSubject() {
        assertThat(JwtText.subject(token("{\"sub\":\"admin@designsafe\",\"tapis/username\":\"admin\"}")))
                .contains("admin");
    }

    @Test
    void theSubjectNamesTheHolderOfAnotherIssuersToken() {
        assertThat(JwtText.subject(token("{\"sub\":\"svc-onboarding\"}"))).contains("svc-onboarding");
    }

    @Test
    void aTokenWhoseClaimsCannotBeReadNamesNoOne() {
        assertThat(JwtText.subject("expired.jwt.token")).isEmpty();
        assertThat(JwtText.subject("no-dots-at-all")).isEmpty();
        assertThat(JwtText.subject(token("{\"sub\":42}"))).isEmpty();
        assertThat(JwtText.subject(token("[1,2]"))).isEmpty();
    }

    @Test
    void aTokenCredentialsLoginIsItsSubjectAndAPasswordLoginsIsItsUsername() {
        assertThat(new TapisCredentials.Token(new Secret(token("{\"tapis/username\":\"ops\"}"))).login()).contains("ops");
        assertThat(new TapisCredentials.Login("admin", new Secret("pw")).login()).contains("admin");
    }
}
