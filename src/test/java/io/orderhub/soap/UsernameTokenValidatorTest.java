package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.embedded.FreePorts;
import io.orderhub.soap.contract.MemberInfo;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryMemberResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.headers.Header;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import io.orderhub.embedded.EmbeddedPostgresServer;
import io.orderhub.support.Sql;
import io.orderhub.support.TestDirs;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WS-Security UsernameToken (PasswordDigest) on a real CXF endpoint: accepted once, refused otherwise.
 * The tokens are made here, with a digest written out in this test (OASIS Web Services Security
 * UsernameToken Profile 1.1, section 3.1: Password_Digest = Base64(SHA-1(nonce + created + password)),
 * the nonce as the bytes it encodes), and the validator is checked against a published vector.
 */
class UsernameTokenValidatorTest {

    private static Server server;
    private static Server secondServer;
    private static String url;
    private static String secondUrl;
    private static Server boundServer;
    private static String boundUrl;
    /** The POS identity the last call served by the bound endpoint carried. */
    static final java.util.concurrent.atomic.AtomicReference<PosIdentity> SEEN = new java.util.concurrent.atomic.AtomicReference<>();
    /** WS-Security accounts as configured: one bound to a store, one without a binding whose password has an '@'. */
    static final String BOUND_USERS = "pos-bj7:s3cret@pos-suzhou-v3/110105/BJ0007, pos-free:p@ss";
    private static EmbeddedPostgresServer postgres;
    private static DataSource newStore;

    /** A second hub instance: its own validator, the same new store. */
    static UsernameTokenValidator validator(Map<String, String> users, Clock clock) {
        return new UsernameTokenValidator(users, Duration.ofMinutes(5), clock,
                new NonceStore(newStore, clock, Duration.ofSeconds(60)));
    }

    static Server serve(String address) {
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setServiceBean(new Echo());
        f.setAddress(address);
        f.setWsdlLocation(SoapEndpoints.WSDL);
        f.setServiceName(SoapEndpoints.SERVICE);
        f.setEndpointName(SoapEndpoints.PORT);
        f.setProperties(SoapEndpoints.guardedProperties());
        f.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        f.getInInterceptors().add(validator(Map.of("pos01", "s3cret-东"), Clock.systemUTC()));
        return f.create();
    }

    /** A contract implementation that answers QueryMember, enough to see whether the call got through. */
    static class Echo extends io.orderhub.soap.legacycrm.LegacyCrm {
        Echo() {
            super(null);
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
    static void start() throws Exception {
        postgres = EmbeddedPostgresServer.start(TestDirs.newDataDir("wsse-").resolve("pg"), 0, "orderhub", true);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(postgres.jdbcUrl());
        ds.setUser("postgres");
        newStore = ds;
        Flyway.configure().dataSource(ds).locations("classpath:db/newstore").table("orderhub_schema_history")
                .load().migrate();
        url = "http://127.0.0.1:" + FreePorts.find() + "/crm";
        secondUrl = "http://127.0.0.1:" + FreePorts.find() + "/crm";
        server = serve(url);
        secondServer = serve(secondUrl);
        boundUrl = "http://127.0.0.1:" + FreePorts.find() + "/crm";
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setServiceBean(new Echo() {
            @Override
            public QueryMemberResponse queryMember(QueryMemberRequest r) {
                SEEN.set(PosIdentity.of(org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage()));
                return super.queryMember(r);
            }
        });
        f.setAddress(boundUrl);
        f.setWsdlLocation(SoapEndpoints.WSDL);
        f.setServiceName(SoapEndpoints.SERVICE);
        f.setEndpointName(SoapEndpoints.PORT);
        f.setProperties(SoapEndpoints.guardedProperties());
        f.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        // as SoapConfiguration wires the hub's endpoint when WS-Security is on
        f.getInInterceptors().add(new PosIdentity.Extractor(SoapConfiguration.parseBindings(BOUND_USERS)));
        f.getInInterceptors().add(validator(SoapConfiguration.parseUsers(BOUND_USERS), Clock.systemUTC()));
        boundServer = f.create();
    }

    @AfterAll
    static void stop() throws Exception {
        server.destroy();
        secondServer.destroy();
        boundServer.destroy();
        postgres.close();
    }

    /** PasswordDigest as the profile defines it, independently of the validator's own code. */
    static String passwordDigest(byte[] nonce, String created, byte[] password) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(password);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    static String envelope(String user, String password, String created, String nonce) throws Exception {
        String digest = passwordDigest(Base64.getDecoder().decode(nonce), created, password.getBytes(StandardCharsets.UTF_8));
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
        return send(url, body);
    }

    static HttpResponse<String> send(String to, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBoundAccountsCallCarriesItsBoundIdentityWithoutAnyHeader() throws Exception {
        SEEN.set(null);
        HttpResponse<String> r = send(boundUrl, envelope("pos-bj7", "s3cret", now(), nonce()));
        assertThat(r.body()).contains("<ResultCode>0000</ResultCode>");
        assertThat(SEEN.get()).isEqualTo(new PosIdentity("pos-suzhou-v3", "110105", "BJ0007"));

        // headers that repeat the binding are fine
        SEEN.set(null);
        r = send(boundUrl, envelope("pos-bj7", "s3cret", now(), nonce()),
                PosIdentity.STORE_HEADER, "BJ0007", PosIdentity.SOURCE_HEADER, "pos-suzhou-v3");
        assertThat(r.body()).contains("<ResultCode>0000</ResultCode>");
        assertThat(SEEN.get()).isEqualTo(new PosIdentity("pos-suzhou-v3", "110105", "BJ0007"));
    }

    @Test
    void aHeaderContradictingTheBoundAccountIsRefusedNamingIt() throws Exception {
        SEEN.set(null);
        HttpResponse<String> r = send(boundUrl, envelope("pos-bj7", "s3cret", now(), nonce()),
                PosIdentity.STORE_HEADER, "SH0001");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("<FaultCode>CRM-1100</FaultCode>")
                .contains("<Element>X-POS-Store-Code</Element>").doesNotContain("ResultCode");
        assertThat(SEEN.get()).isNull();
    }

    @Test
    void anUnboundWsSecurityUsersIdentityHeadersAreIgnored() throws Exception {
        SEEN.set(null);
        // "p@ss" has no source/region/store after its '@': it is the whole password
        HttpResponse<String> r = send(boundUrl, envelope("pos-free", "p@ss", now(), nonce()),
                PosIdentity.SOURCE_HEADER, "pos-suzhou-v3", PosIdentity.STORE_HEADER, "BJ0007");
        assertThat(r.body()).contains("<ResultCode>0000</ResultCode>");
        assertThat(SEEN.get()).isEqualTo(new PosIdentity(null, null, null));
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
    void aTokenAcceptedByOneInstanceIsRefusedByAnother() throws Exception {
        String request = envelope("pos01", "s3cret-东", now(), nonce());
        assertThat(send(url, request).body()).contains("<ResultCode>0000</ResultCode>");
        HttpResponse<String> replay = send(secondUrl, request);
        assertThat(replay.statusCode()).isEqualTo(500);
        assertThat(replay.body()).contains("<FaultCode>CRM-1100</FaultCode>");
        // and a fresh token still passes the second instance
        assertThat(send(secondUrl, envelope("pos01", "s3cret-东", now(), nonce())).body())
                .contains("<ResultCode>0000</ResultCode>");
    }

    @Test
    void aTokenMadeByWss4jOnTheClientSideIsAcceptedOnce() throws Exception {
        // WSS4J's own client side (WSSecUsernameToken) builds the header: Nonce, Created, PasswordDigest
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        org.w3c.dom.Document doc = dbf.newDocumentBuilder().parse(new java.io.ByteArrayInputStream((
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:p=\"http://ws.crm.legacy/pos/2012\"><soapenv:Header/><soapenv:Body>"
                + "<p:QueryMemberRequest><p:CardNo>88001234567</p:CardNo></p:QueryMemberRequest>"
                + "</soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8)));
        org.apache.wss4j.dom.message.WSSecHeader header = new org.apache.wss4j.dom.message.WSSecHeader(doc);
        header.insertSecurityHeader();
        org.apache.wss4j.dom.message.WSSecUsernameToken ut = new org.apache.wss4j.dom.message.WSSecUsernameToken(header);
        ut.setPasswordType(org.apache.wss4j.dom.WSConstants.PASSWORD_DIGEST);
        ut.setUserInfo("pos01", "s3cret-东");
        ut.addNonce();
        ut.addCreated();
        ut.build();
        var out = new java.io.StringWriter();
        javax.xml.transform.TransformerFactory.newInstance().newTransformer()
                .transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(out));
        assertThat(send(out.toString()).body()).contains("<ResultCode>0000</ResultCode>");
        assertThat(send(secondUrl, out.toString()).body()).contains("<FaultCode>CRM-1100</FaultCode>");
    }

    @Test
    void expiredNoncesArePurgedSoTheStoreStaysBounded() throws Exception {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        NonceStore then = new NonceStore(newStore, past, Duration.ofSeconds(60));
        String n = nonce();
        assertThat(then.firstUse("pos01", n, past.instant().plus(Duration.ofMinutes(6)))).isTrue();
        assertThat(then.firstUse("pos01", n, past.instant().plus(Duration.ofMinutes(6)))).isFalse();
        assertThat(Sql.count(newStore, "SELECT count(*) FROM ws_security_nonces WHERE nonce_key = ?",
                NonceStore.key("pos01", n))).isEqualTo(1);
        NonceStore nowStore = new NonceStore(newStore, Clock.systemUTC(), Duration.ofSeconds(60));
        assertThat(nowStore.purge()).isPositive();
        try (var c = newStore.getConnection(); var ps = c.prepareStatement(
                "SELECT count(*) FROM ws_security_nonces WHERE expires_at < now()"); var rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
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

    /*
     * A published PasswordDigest vector: ONVIF Application Programmer's Guide (WG-APG, 2016), section
     * "Authentication", https://www.onvif.org/wp-content/uploads/2016/12/ONVIF_WG-APG-Application_Programmers_Guide-1.pdf
     * (UsernameToken per the OASIS profile): nonce LKqI6G/AikKCQrN0zqZFlg==, created 2010-09-16T07:50:45Z,
     * password "userpassword" give tuOSpGlFlIXsozq4HFNeeGeFLEI=. Checked by hand with
     *   (echo -n LKqI6G/AikKCQrN0zqZFlg== | base64 -d; echo -n 2010-09-16T07:50:45Zuserpassword) \
     *       | openssl dgst -sha1 -binary | base64
     */
    static final String VECTOR_USER = "onvif";
    static final String VECTOR_PASSWORD = "userpassword";
    static final String VECTOR_NONCE = "LKqI6G/AikKCQrN0zqZFlg==";
    static final String VECTOR_CREATED = "2010-09-16T07:50:45Z";
    static final String VECTOR_DIGEST = "tuOSpGlFlIXsozq4HFNeeGeFLEI=";

    @Test
    void theTestsDigestReproducesPublishedVectors() throws Exception {
        assertThat(passwordDigest(Base64.getDecoder().decode(VECTOR_NONCE), VECTOR_CREATED,
                VECTOR_PASSWORD.getBytes(StandardCharsets.UTF_8))).isEqualTo(VECTOR_DIGEST);
        // WSS4J's UsernameTokenTest#testUsernameTokenWithEncodedPasswordBaseline (apache/ws-wss4j,
        // ws-security-dom): the password there is the SHA-1 of "password", used as raw bytes
        byte[] sha1OfPassword = MessageDigest.getInstance("SHA-1").digest("password".getBytes(StandardCharsets.UTF_8));
        assertThat(passwordDigest(Base64.getDecoder().decode("0x7bXAPZVn40AdCD0Xbt0g=="), "2010-06-28T15:16:37Z",
                sha1OfPassword)).isEqualTo("C0rena/6gKpRZ9ATj+e6ss5sAbQ=");
    }

    static SoapMessage tokenMessage(String user, String digest, String nonce, String created) throws Exception {
        String xml = "<wsse:Security xmlns:wsse=\"" + UsernameTokenValidator.WSSE + "\" xmlns:wsu=\""
                + UsernameTokenValidator.WSU + "\"><wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"" + UsernameTokenValidator.DIGEST + "\">" + digest + "</wsse:Password>"
                + "<wsse:Nonce>" + nonce + "</wsse:Nonce><wsu:Created>" + created + "</wsu:Created>"
                + "</wsse:UsernameToken></wsse:Security>";
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        var security = dbf.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        SoapMessage message = new SoapMessage(new MessageImpl());
        message.getHeaders().add(new Header(new QName(UsernameTokenValidator.WSSE, "Security"), security));
        return message;
    }

    @Test
    void theValidatorAcceptsThePublishedVectorAndNothingNextToIt() throws Exception {
        Clock thirtySecondsLater = Clock.fixed(Instant.parse(VECTOR_CREATED).plusSeconds(30), ZoneOffset.UTC);
        UsernameTokenValidator validator = validator(Map.of(VECTOR_USER, VECTOR_PASSWORD), thirtySecondsLater);

        assertThatCode(() -> validator.handleMessage(tokenMessage(VECTOR_USER, VECTOR_DIGEST, VECTOR_NONCE, VECTOR_CREATED)))
                .doesNotThrowAnyException();

        // one character off in the digest, the created time or the password: refused
        UsernameTokenValidator fresh = validator(Map.of(VECTOR_USER, VECTOR_PASSWORD), thirtySecondsLater);
        assertThatThrownBy(() -> fresh.handleMessage(tokenMessage(VECTOR_USER, "tuOSpGlFlIXsozq4HFNeeGeFLEJ=",
                VECTOR_NONCE, VECTOR_CREATED))).isInstanceOf(SoapFault.class).hasMessageContaining("CRM-1100");
        assertThatThrownBy(() -> fresh.handleMessage(tokenMessage(VECTOR_USER, VECTOR_DIGEST, VECTOR_NONCE,
                "2010-09-16T07:50:46Z"))).isInstanceOf(SoapFault.class);
        UsernameTokenValidator otherPassword = validator(Map.of(VECTOR_USER, "userpassworD"), thirtySecondsLater);
        assertThatThrownBy(() -> otherPassword.handleMessage(tokenMessage(VECTOR_USER, VECTOR_DIGEST, VECTOR_NONCE,
                VECTOR_CREATED))).isInstanceOf(SoapFault.class);
    }
}
