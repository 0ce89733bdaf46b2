// Send one message with Jakarta Mail (Debian libjakarta-mail-java), as an
// application would; settings from the environment (see scripts/corpus/main.go).
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

public class Send {
    public static void main(String[] args) throws Exception {
        String security = System.getenv("SMTP_SECURITY"); // plain, starttls or implicit
        String user = System.getenv("SMTP_USER");
        Properties props = new Properties();
        props.put("mail.smtp.host", System.getenv("SMTP_HOST"));
        props.put("mail.smtp.port", System.getenv("SMTP_PORT"));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        if ("implicit".equals(security)) {
            props.put("mail.smtp.ssl.enable", "true");
        } else if ("starttls".equals(security)) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (user != null) {
            props.put("mail.smtp.auth", "true");
        }
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(System.getenv("MAIL_FROM")));
        message.setRecipients(Message.RecipientType.TO, System.getenv("MAIL_TO"));
        message.setSubject("whichport corpus");
        message.setText(System.getenv("MAIL_BODY"));
        if (user != null) {
            Transport.send(message, user, System.getenv("SMTP_PASS"));
        } else {
            Transport.send(message);
        }
    }
}
