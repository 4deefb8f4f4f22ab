/*
 * DynamoDB Local bound to the loopback interface. The jar's own main() listens on every interface and has no
 * option to choose one; this launcher builds the very same server from the same command-line arguments
 * (ServerRunner.createServerFromCommandLineArgs), sets its Jetty connectors' host to 127.0.0.1 before they
 * open, then starts it. Run in Java's single-file source mode (java LoopbackDynamoDbLocal.java ...) with the
 * DynamoDB Local jar on the class path; see local/dynamodb.ts.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("skylark.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector serverConnector) {
        serverConnector.setHost(host);
        bound++;
      }
    }
    if (bound == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to " + host);
    proxy.start();
    System.out.println("Skylark: DynamoDB Local listening on " + host);
    proxy.join();
  }
}
