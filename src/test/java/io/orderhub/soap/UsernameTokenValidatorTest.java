package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.embedded.FreePorts;
import io.orderhub.soap.contract.MemberInfo;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryMemberResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WS-Security UsernameToken (PasswordDigest) on a real CXF endpoint: accepted once, refused otherwise. */
class UsernameTokenValidatorTest {

    private static Server server;
    private static String url;

    /** A contract implementation that answers QueryMember, enough to see whether the call got through. */
    static class Echo extends LegacyCrmSimulator {
        Echo() {
            super(null, io.orderhub.stores.LegacyMapping.load());
        }

        @Override
        public QueryMemberResponse queryMember(QueryMemberRequest r) {
            MemberInfo m = new MemberInfo();
            m.setCardNo(r.getCardNo());
            m.setLevelCode("01");
            QueryMemberResponse res = new QueryMemberResponse();
            res.setResultCode("0000");
            res.setResultMsg("OK");
            res.setMember(m);
            return res;
        }
    }

    @BeforeAll
    static void start() {
        url = "http://127.0.0.1:" + FreePorts.find() + "/crm";
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setServiceBean(new Echo());
        f.setAddress(url);
        f.setWsdlLocation(SoapEndpoints.WSDL);
        f.setServiceName(SoapEndpoints.SERVICE);
        f.setEndpointName(SoapEndpoints.PORT);
        f.setProperties(SoapEndpoints.guardedProperties());
        f.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        f.getInInterceptors().add(new UsernameTokenValidator(Map.of("pos01", "s3cret-东"), Duration.ofMinutes(5),
                Clock.systemUTC()));
        server = f.create();
    }

    @AfterAll
    static void stop() {
        server.destroy();
    }

    static String envelope(String user, String password, String created, String nonce) {
        String digest = UsernameTokenValidator.digest(nonce, created, password);
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:p=\"http://ws.crm.legacy/pos/2012\"><soapenv:Header>"
                + "<wsse:Security soapenv:mustUnderstand=\"1\" xmlns:wsse=\"" + UsernameTokenValidator.WSSE + "\""
                + " xmlns:wsu=\"" + UsernameTokenValidator.WSU + "\"><wsse:UsernameToken>"
                + "<wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"" + UsernameTokenValidator.DIGEST + "\">" + digest + "</wsse:Password>"
                + "<wsse:Nonce>" + nonce + "</wsse:Nonce><wsu:Created>" + created + "</wsu:Created>"
                + "</wsse:UsernameToken></wsse:Security></soapenv:Header><soapenv:Body>"
                + "<p:QueryMemberRequest><p:CardNo>88001234567</p:CardNo></p:QueryMemberRequest>"
                + "</soapenv:Body></soapenv:Envelope>";
    }

    static String nonce() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static HttpResponse<String> send(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void aValidTokenIsAcceptedOnceAndItsReplayIsRefused() throws Exception {
        String request = envelope("pos01", "s3cret-东", now(), nonce());
        HttpResponse<String> first = send(request);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<ResultCode>0000</ResultCode>");

        HttpResponse<String> replay = send(request);
        assertThat(replay.statusCode()).isEqualTo(500);
        assertThat(replay.body()).contains("<FaultCode>CRM-1100</FaultCode>");
    }

    @Test
    void wrongPasswordUnknownUserStaleTokenAndNoTokenAreRefused() throws Exception {
        assertThat(send(envelope("pos01", "guess", now(), nonce())).body()).contains("CRM-1100");
        assertThat(send(envelope("pos99", "s3cret-东", now(), nonce())).body()).contains("CRM-1100");
        String stale = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(send(envelope("pos01", "s3cret-东", stale, nonce())).body()).contains("CRM-1100");
        String bare = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:p=\"http://ws.crm.legacy/pos/2012\"><soapenv:Body><p:QueryMemberRequest>"
                + "<p:CardNo>88001234567</p:CardNo></p:QueryMemberRequest></soapenv:Body></soapenv:Envelope>";
        HttpResponse<String> none = send(bare);
        assertThat(none.statusCode()).isEqualTo(500);
        assertThat(none.body()).contains("<FaultCode>CRM-1100</FaultCode>").doesNotContain("bad credentials");
    }
}
