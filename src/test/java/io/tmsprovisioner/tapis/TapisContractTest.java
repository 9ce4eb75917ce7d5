package io.tmsprovisioner.tapis;

import io.tmsprovisioner.MutableClock;
import io.tmsprovisioner.contract.ContractAnswer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.tmsprovisioner.tapis.MockTapis.TOKEN_HEADER;
import static io.tmsprovisioner.tapis.MockTapis.baseUrl;
import static io.tmsprovisioner.tapis.MockTapis.loginAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every answer of the contract corpus ({@code src/test/resources/tapis-contract/}, read from the Tapis source), served
 * word for word, is read by the client as its {@code Reads-as} line says. The simulator's side of the same corpus is
 * {@code SimulatorContractTest}: one misreading cannot pass both, as neither uses the other's code.
 */
class TapisContractTest {
    private static final Instant NOW = Instant.parse("2026-12-06T17:00:00Z");
    private static final Secret FIXED = new Secret("eyJ.fixed.sig");

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(NOW);

    static List<ContractAnswer> corpus() {
        return ContractAnswer.all();
    }

    @Test
    void theCorpusHasAnAnswerForEveryCallAndEveryWayOfReadingOne() {
        Set<String> calls = new TreeSet<>();
        Set<String> kinds = new TreeSet<>();
        for (ContractAnswer answer : corpus()) {
            calls.add(answer.call());
            kinds.add(answer.readsAsKind());
        }

        assertThat(calls).containsExactlyInAnyOrder("TOKEN", "GET_SYSTEM", "LIST_SYSTEMS", "CHECK_CREDENTIAL",
                "CREATE_CREDENTIAL", "REMOVE_CREDENTIAL");
        assertThat(kinds).containsExactlyInAnyOrder("CHECK", "SUCCESS", "REFUSAL", "TRANSIENT", "SYSTEM", "LISTED",
                "UNUSABLE", "TOKEN_REFUSED", "TOKEN_REVOKED", "LOGIN_OK", "LOGIN_REFUSED", "LOGIN_TRY_LATER");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theClientReadsEachAnswerAsTheContractSays(ContractAnswer answer) throws Exception {
        List<String> expected = answer.readsAsArguments();
        switch (answer.readsAsKind()) {
            case "CHECK" -> {
                server.enqueue(served(answer));
                CredentialCheck check = fixedClient().checkCredential("stampede3", "jdoe");
                assertThat(check.status()).isEqualTo(CredentialCheck.Status.valueOf(expected.get(0)));
                assertThat(check.reasonCode()).isEqualTo(expected.size() > 1 ? expected.get(1) : null);
            }
            case "SUCCESS" -> {
                server.enqueue(served(answer));
                call(fixedClient(), answer.call());
            }
            case "SYSTEM" -> {
                server.enqueue(served(answer));
                assertThat(fixedClient().getSystem("stampede3")).isEqualTo(new SystemInfo(expected.get(0),
                        expected.get(1), expected.get(2).equals("dynamic=true"), expected.get(3), expected.get(4)));
            }
            case "LISTED" -> {
                server.enqueue(served(answer));
                Set<String> expectedIds = expected.get(0).equals("-") ? Set.of() : Set.of(expected.get(0).split(","));
                assertThat(fixedClient().systemsWithCredentials("jdoe")).isEqualTo(expectedIds);
                assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/v3/systems?listType=ALL"
                        + "&hasCredentials=true&impersonationId=jdoe&select=id,hasCredentials&limit=-1");
            }
            case "UNUSABLE" -> {
                server.enqueue(served(answer));
                TapisRefusalException refusal = catchThrowableOfType(TapisRefusalException.class,
                        () -> fixedClient().systemsWithCredentials("jdoe"));
                assertThat(refusal).as("a listing that does not confirm the filter is not used").isNotNull();
                assertThat(refusal.code()).isNull();
                assertThat(refusal.getMessage()).contains("hasCredentials");
            }
            case "REFUSAL" -> {
                server.enqueue(served(answer));
                TapisRefusalException refusal = catchThrowableOfType(TapisRefusalException.class,
                        () -> call(fixedClient(), answer.call()));
                assertThat(refusal).as("a refusal").isNotNull();
                assertThat(refusal.code()).isEqualTo(expected.get(0));
                assertThat(server.getRequestCount()).as("never repeated").isEqualTo(1);
            }
            case "TRANSIENT" -> {
                server.enqueue(served(answer));
                TapisClient client = answer.call().equals("TOKEN") ? loginClient() : fixedClient();
                TapisUnavailableException failure = catchThrowableOfType(TapisUnavailableException.class,
                        () -> call(client, answer.call()));
                assertThat(failure).as("a transient failure, for the caller to retry").isNotNull();
                assertThat(failure.effect()).isEqualTo(CallEffect.valueOf(expected.get(0)));
                assertThat(server.getRequestCount()).as("not repeated by the client itself").isEqualTo(1);
            }
            case "TOKEN_REFUSED", "TOKEN_REVOKED" -> theTokenIsRenewedAndTheCallRepeated(answer);
            case "LOGIN_OK" -> theTokenIsUsedAndRenewedAheadOfItsExpiry(answer, Instant.parse(expected.get(0)));
            case "LOGIN_REFUSED" -> {
                server.enqueue(served(answer));
                assertThat(catchThrowableOfType(TapisAuthenticationException.class, () -> loginClient().signIn()))
                        .as("a refused login").isNotNull();
            }
            case "LOGIN_TRY_LATER" -> {
                server.enqueue(served(answer));
                TapisUnavailableException failure = catchThrowableOfType(TapisUnavailableException.class,
                        () -> loginClient().signIn());
                assertThat(failure).as("the Authenticator's own failure, not a refusal of the password").isNotNull();
                assertThat(failure.effect()).isEqualTo(CallEffect.NONE);
            }
            default -> throw new IllegalArgumentException(answer + ": unknown Reads-as " + answer.readsAs());
        }
    }

    /** The gateway answered before any service: a new token, the same call again, and the repeat's answer counts. */
    private void theTokenIsRenewedAndTheCallRepeated(ContractAnswer answer) throws Exception {
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(served(answer));
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(served(successOf(answer.call())));

        call(loginClient(), answer.call());

        List<RecordedRequest> requests = requests(4);
        assertThat(requests.get(1).getTarget()).isEqualTo(requests.get(3).getTarget());
        assertThat(requests.get(1).getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-1");
        assertThat(requests.get(3).getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-2");
    }

    private void theTokenIsUsedAndRenewedAheadOfItsExpiry(ContractAnswer answer, Instant expiresAt) throws Exception {
        TapisClient client = loginClient();
        server.enqueue(served(answer));
        server.enqueue(served(successOf("CHECK_CREDENTIAL")));
        Instant renewAt = expiresAt.minus(AccessToken.RENEW_AHEAD);

        client.checkCredential("stampede3", "jdoe");
        clock.set(renewAt.minusNanos(1000));
        server.enqueue(served(successOf("CHECK_CREDENTIAL")));
        client.checkCredential("stampede3", "jdoe");
        clock.set(renewAt.plusNanos(1000));
        server.enqueue(served(answer));
        server.enqueue(served(successOf("CHECK_CREDENTIAL")));
        client.checkCredential("stampede3", "jdoe");

        List<RecordedRequest> requests = requests(5);
        assertThat(requests).extracting(RecordedRequest::getTarget).containsExactly(MockTapis.TOKENS_PATH,
                checkPath(), checkPath(), MockTapis.TOKENS_PATH, checkPath());
        String jwt = tokens(answer);
        assertThat(requests.get(1).getHeaders().get(TOKEN_HEADER)).isEqualTo(jwt);
        assertThat(requests.get(4).getHeaders().get(TOKEN_HEADER)).isEqualTo(jwt);
    }

    private static String tokens(ContractAnswer login) {
        return TapisAnswer.of(200, login.body(), null, NOW).resultText("access_token", "access_token");
    }

    private static String checkPath() {
        return "/v3/systems/credential/stampede3/user/jdoe/check";
    }

    private static ContractAnswer successOf(String call) {
        return ContractAnswer.named(switch (call) {
            case "CHECK_CREDENTIAL" -> "check-valid.http";
            case "CREATE_CREDENTIAL" -> "create-updated.http";
            case "REMOVE_CREDENTIAL" -> "remove-deleted.http";
            case "GET_SYSTEM" -> "get-system.http";
            case "LIST_SYSTEMS" -> "list-systems-with-credentials.http";
            default -> throw new IllegalArgumentException("no success answer for " + call);
        });
    }

    private static void call(TapisClient client, String call) {
        switch (call) {
            case "CHECK_CREDENTIAL" -> client.checkCredential("stampede3", "jdoe");
            case "GET_SYSTEM" -> client.getSystem("stampede3");
            case "LIST_SYSTEMS" -> client.systemsWithCredentials("jdoe");
            case "CREATE_CREDENTIAL" -> client.createTmsKeys("stampede3", "jdoe");
            case "REMOVE_CREDENTIAL" -> client.removeCredential("stampede3", "jdoe");
            case "TOKEN" -> client.signIn();
            default -> throw new IllegalArgumentException("unknown call " + call);
        }
    }

    /** The answer word for word: its status line, Content-Type and body. */
    private static MockResponse served(ContractAnswer answer) {
        MockResponse.Builder response = new MockResponse.Builder().status(answer.statusLine()).body(answer.body());
        if (answer.contentType() != null) {
            response.addHeader("Content-Type", answer.contentType());
        }
        return response.build();
    }

    private TapisClient fixedClient() {
        return TestClients.client(baseUrl(server), new TapisCredentials.Token(FIXED), clock);
    }

    private TapisClient loginClient() {
        return TestClients.client(baseUrl(server), new TapisCredentials.Login("tms-admin", new Secret("pw")), clock);
    }

    private List<RecordedRequest> requests(int count) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request).as("request %d reached the server", i + 1).isNotNull();
            requests.add(request);
        }
        assertThat(server.getRequestCount()).isEqualTo(count);
        return requests;
    }
}
