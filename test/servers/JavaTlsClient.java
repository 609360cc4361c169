// What a Java caller decides about a TLS server with a given trust store: prints TRUSTED or the refusal.
// Usage: java JavaTlsClient.java STOREFILE STORETYPE HOST PORT (the store password comes from env TS_PASS).
import java.io.FileInputStream;
import java.security.KeyStore;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.util.List;

public class JavaTlsClient {
  public static void main(String[] args) throws Exception {
    KeyStore ks = KeyStore.getInstance(args[1]);
    try (FileInputStream in = new FileInputStream(args[0])) {
      ks.load(in, System.getenv("TS_PASS").toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", Integer.parseInt(args[3]))) {
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(args[2])));
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.setSoTimeout(10000);
      s.startHandshake();
      System.out.println("TRUSTED " + s.getSession().getProtocol());
    } catch (Exception e) {
      System.out.println("REFUSED " + e);
    }
  }
}
