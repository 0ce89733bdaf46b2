package diagnose

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whichport/whichport/rules"
)

type errorCase struct {
	name string
	in   string
	ids  []string // expected ids, in order
}

// errorCases: one row per FACTS §6 row and per library wording at least.
var errorCases = []errorCase{
	// FACTS §6: wrong version number / ssl3_get_record
	{"openssl wrong version number", "140736:error:1408F10B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:331:", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"node err_ssl_wrong_version_number", "Error: 140241562568512:error:1408F10B:SSL routines:ssl3_get_record:wrong version number:\n    at SMTPConnection._actionSTARTTLS\n  code: 'ESOCKET',\n  library: 'SSL routines',\n  reason: 'wrong version number',\n  code: 'ERR_SSL_WRONG_VERSION_NUMBER'", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"openssl3 wrong version number", "Error: C0EC1EE8E47F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"ssl3_get_record other reason", "error:1408F119:SSL routines:ssl3_get_record:decryption failed or bad record mac", []string{"tls-wrong-version-number"}},
	{"python wrong version number", "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1129)", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"python wrong version number on 587", "  File \"send.py\", line 3, in <module>\n    s = smtplib.SMTP_SSL(\"smtp.gmail.com\", 587)\nssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1002)", []string{"tls-wrong-version-number"}},
	{"java unrecognized ssl message", "javax.mail.MessagingException: Could not connect to SMTP host: smtp.office365.com, port: 587;\n  nested exception is:\n\tjavax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"node error code only", "  code: 'ERR_SSL_WRONG_VERSION_NUMBER'", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"windows wsaetimedout", "socket error: WSAETIMEDOUT", []string{"connect-timeout"}},
	{"windows wsaeconnrefused", "socket error: WSAECONNREFUSED", []string{"connect-refused"}},
	// FACTS §6: Go first record
	{"go first record", "dial: tls: first record does not look like a TLS handshake", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"dotnet unexpected packet format", "System.Security.Authentication.AuthenticationException: The handshake failed due to an unexpected packet format.", []string{"tls-wrong-version-number", "starttls-garbage"}},

	{"postfix smtpd server view", "Nov 22 07:52:11 mx postfix/smtpd[4242]: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number:ssl/record/ssl3_record.c:354:", []string{"greeting-never-received"}},

	// FACTS §6: Greeting never received
	{"nodemailer greeting", "Error: Greeting never received\n    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:790:19)\n  code: 'ETIMEDOUT',\n  command: 'CONN'", []string{"greeting-never-received", "greeting-timeout"}},
	{"go sendmail 465 eof", "2026/11/22 07:52:11 smtp.SendMail(\"smtp.gmail.com:465\"): EOF", []string{"greeting-never-received"}},
	{"go read timeout 465", "read tcp 10.0.0.2:51234->142.250.1.108:465: i/o timeout", []string{"greeting-never-received"}},
	{"python smtplib 465 disconnected", "Traceback (most recent call last):\n  File \"send.py\", line 4, in <module>\n    server = smtplib.SMTP('smtp.gmail.com', 465)\n  File \"/usr/lib/python3.11/smtplib.py\", line 255, in __init__\n    (code, msg) = self.connect(host, port)\n  File \"/usr/lib/python3.11/smtplib.py\", line 343, in connect\n    (code, msg) = self.getreply()\n  File \"/usr/lib/python3.11/smtplib.py\", line 405, in getreply\n    raise SMTPServerDisconnected(\"Connection unexpectedly closed\")\nsmtplib.SMTPServerDisconnected: Connection unexpectedly closed", []string{"greeting-never-received"}},
	{"python smtplib 465 timeout", "    server = smtplib.SMTP(\"smtp.example.com\", 465, timeout=10)\nTimeoutError: timed out", []string{"greeting-never-received"}},
	{"dotnet 465 timeout", "var client = new SmtpClient(\"smtp.example.com\", 465) { EnableSsl = true };\nSystem.Net.Mail.SmtpException: The operation has timed out.", []string{"greeting-never-received"}},
	{"postfix wrappermode missing", "Nov 22 07:52:11 mx postfix/smtp[123]: 4F2A1: to=<a@b.c>, relay=smtp.example.com[1.2.3.4]:465, delay=300, status=deferred (conversation with smtp.example.com[1.2.3.4] timed out while receiving the initial server greeting)", []string{"greeting-never-received"}},

	{"greeting timeout on 587", "Connection established to 142.250.102.108:587\nError: Greeting never received", []string{"greeting-timeout"}},
	{"postfix greeting timeout 25", "status=deferred (conversation with mx.example.com[1.2.3.4]:25 timed out while receiving the initial server greeting)", []string{"greeting-timeout"}},

	// FACTS §2: 554 at greeting
	{"nodemailer invalid greeting", "Error: Invalid greeting. response=554 mx.example.com ESMTP not accepting messages: 554 mx.example.com ESMTP not accepting messages", []string{"greeting-refused"}},
	{"postfix blocked using", "554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org", []string{"greeting-refused"}},
	{"bare 554 greeting", "S: 554 No SMTP service here", []string{"greeting-refused"}},

	// FACTS §6: 530 5.7.0 Must issue a STARTTLS command first
	{"gmail starttls first", "530 5.7.0 Must issue a STARTTLS command first. d2-20020a05 - gsmtp", []string{"starttls-required"}},
	{"dotnet secure connection starttls", "System.Net.Mail.SmtpException: The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.0 Must issue a STARTTLS command first.", []string{"starttls-required"}},
	{"dotnet secure connection bare", "SmtpException: The SMTP server requires a secure connection or the client was not authenticated.", []string{"starttls-required"}},
	{"538 encryption required", "538 5.7.11 Encryption required for requested authentication mechanism", []string{"starttls-required"}},
	// RFC 4954 530 authentication required
	{"dotnet auth required", "The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.0 Authentication Required. Learn more at", []string{"auth-required"}},
	{"530 auth required", "530 5.7.0 Authentication required", []string{"auth-required"}},
	{"o365 5.7.57", "Mailbox unavailable. The server response was: 5.7.57 Client not authenticated to send mail. [AM0PR]", []string{"auth-required"}},
	{"python no auth", "smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.", []string{"auth-not-offered"}},
	{"go no auth", "smtp: server doesn't support AUTH", []string{"auth-not-offered"}},

	// FACTS §6: 535 5.7.8
	{"nodemailer invalid login", "Error: Invalid login: 535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1-20020a - gsmtp\n  code: 'EAUTH',\n  response: '535-5.7.8 Username and Password not accepted.',\n  responseCode: 535,\n  command: 'AUTH PLAIN'", []string{"auth-failed"}},
	{"python smtpauthenticationerror", "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. For more information, go to\\n5.7.8  https://support.google.com/mail/?p=BadCredentials')", []string{"auth-failed"}},
	{"java authenticationfailed", "javax.mail.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful [BN6PR]", []string{"auth-failed"}},
	{"jakarta authenticationfailed", "jakarta.mail.AuthenticationFailedException\n\tat com.sun.mail.smtp.SMTPTransport$Authenticator.authenticate", []string{"auth-failed"}},
	{"postfix sasl failed", "Nov 22 07:52:11 host postfix/smtp[99]: 4F2A1: SASL authentication failed; server smtp.example.com[1.2.3.4] said: 535 Incorrect authentication data", []string{"auth-failed"}},
	{"phpmailer could not authenticate", "2026-11-22 07:52:11 SMTP Error: Could not authenticate.", []string{"auth-failed"}},
	{"mailkit authentication", "MailKit.Security.AuthenticationException: 535: 5.7.8 Error: authentication failed: UGFzc3dvcmQ6", []string{"auth-failed"}},
	// FACTS §6: 550 5.7.30
	{"m365 5.7.30", "550 5.7.30 Basic authentication is not supported for Client Submission.", []string{"m365-basic-auth-disabled"}},
	{"m365 5.7.30 via nodemailer", "Error: Invalid login: 550 5.7.30 Basic authentication is not supported for Client Submission.", []string{"m365-basic-auth-disabled"}},
	{"m365 tenant disabled", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", []string{"m365-basic-auth-disabled"}},
	{"m365 basic auth disabled 5.7.139", "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.", []string{"m365-basic-auth-disabled"}},
	{"m365 security defaults", "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.", []string{"m365-basic-auth-disabled"}},
	{"yahoo bad auth attempts", "535 5.7.0 (#AUTH005) Too many bad auth attempts.", []string{"auth-failed"}},
	{"nodemailer missing credentials", "Error: Missing credentials for \"PLAIN\"\n    at SMTPConnection._formatError\n  code: 'EAUTH',\n  command: 'API'", []string{"credentials-missing"}},
	// FACTS §6: 534 5.7.9 / 5.7.14
	{"gmail 534 5.7.9", "Error: Invalid login: 534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor", []string{"gmail-web-login-required"}},
	{"gmail 534 5.7.14", "(534, b'5.7.14 <https://accounts.google.com/signin/continue?sarp=1>\\n5.7.14 Please log in via your web browser and\\n5.7.14 then try again.')", []string{"gmail-web-login-required"}},
	// FACTS §6: 554 5.7.1 Relay access denied
	{"postfix relay denied", "554 5.7.1 <user@example.org>: Relay access denied", []string{"relay-denied", "auth-not-offered"}},
	{"exchange unable to relay", "Mailbox unavailable. The server response was: 5.7.1 Unable to relay for user@example.org", []string{"relay-denied", "auth-not-offered"}},
	{"o365 send as denied", "550 5.7.60 SMTP; Client does not have permissions to send as this sender.", []string{"relay-denied"}},
	{"postfix not owned", "553 5.7.1 <boss@example.com>: Sender address rejected: not owned by user alice@example.com", []string{"relay-denied"}},
	{"outlook send as exception", "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message", []string{"relay-denied"}},
	{"sendgrid sender identity", "550 The from address does not match a verified Sender Identity.", []string{"relay-denied"}},
	{"ses not verified", "554 Message rejected: Email address is not verified. The following identities failed the check", []string{"relay-denied"}},
	// FACTS §6: 421 4.7.0 / Too many connections / try again later
	{"421 greeting", "421 4.7.0 [TSS04] Messages from 1.2.3.4 temporarily deferred due to unexpected volume", []string{"rate-limited"}},
	{"too many connections", "421 Too many concurrent SMTP connections; please try again later.", []string{"rate-limited"}},
	{"greylisted", "451 4.7.1 Greylisted, please come back in 5 minutes", []string{"rate-limited"}},
	// FACTS §6: 454 4.7.0 TLS not available
	{"454 tls not available", "454 4.7.0 TLS not available due to local problem", []string{"tls-not-available"}},
	{"454 tls try later", "454 4.7.0 TLS not available, try again later", []string{"tls-not-available"}},
	// FACTS §6: hostname mismatch
	{"go hostname mismatch", "x509: certificate is valid for mail.example.net, smtp.example.net, not smtp.example.com", []string{"cert-hostname-mismatch"}},
	{"go no names", "tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match 10.0.0.5", []string{"cert-hostname-mismatch"}},
	{"node altnames", "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: smtp.example.com. is not in the cert's altnames: DNS:*.mailhost.net, DNS:mailhost.net", []string{"cert-hostname-mismatch"}},
	{"python hostname mismatch", "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for '1.2.3.4'. (_ssl.c:1006)", []string{"cert-hostname-mismatch"}},
	{"java no subject alternative", "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching smtp.example.com found.", []string{"cert-hostname-mismatch"}},
	// FACTS §6: unknown authority / self signed
	{"go unknown authority", "tls: failed to verify certificate: x509: certificate signed by unknown authority", []string{"cert-unknown-authority"}},
	{"python self signed", "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:1131)", []string{"cert-unknown-authority"}},
	{"node self signed", "Error: self-signed certificate in certificate chain\n  code: 'SELF_SIGNED_CERT_IN_CHAIN'", []string{"cert-unknown-authority"}},
	{"java pkix", "javax.mail.MessagingException: Could not convert socket to TLS;\n  nested exception is:\n\tjavax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", []string{"cert-unknown-authority"}},
	{"php verify failed", "PHP Warning:  stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed", []string{"cert-unknown-authority", "cert-expired", "cert-hostname-mismatch", "cert-no-ip-san"}},
	// FACTS §6: expired
	{"node expired", "Error: certificate has expired\n  code: 'CERT_HAS_EXPIRED'", []string{"cert-expired"}},
	{"go expired", "x509: certificate has expired or is not yet valid: current time 2026-11-22T07:52:11Z is after 2026-10-01T00:00:00Z", []string{"cert-expired"}},
	{"python expired beats verify failed", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)", []string{"cert-expired"}},
	// FACTS §6: timeouts on connect
	{"node connect etimedout", "Error: connect ETIMEDOUT 142.250.1.108:25\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {\n  errno: -110,\n  code: 'ESOCKET',\n  syscall: 'connect'", []string{"connect-timeout"}},
	{"node connect etimedout 465 blocked", "Error: connect ETIMEDOUT 142.250.1.108:465", []string{"connect-timeout"}},
	{"go dial timeout", "dial tcp 142.250.1.108:587: i/o timeout", []string{"connect-timeout"}},
	{"postfix deferred timeout", "Nov 22 07:52:11 host postfix/smtp[99]: 4F2A1: to=<a@gmail.com>, relay=none, delay=30, status=deferred (connect to gmail-smtp-in.l.google.com[142.250.1.26]:25: Connection timed out)", []string{"connect-timeout"}},
	{"python timeout 587", "    smtplib.SMTP('smtp.example.com', 587)\nTimeoutError: [Errno 110] Connection timed out", []string{"connect-timeout"}},
	{"dotnet operation timed out 587", "System.Net.Mail.SmtpException: The operation has timed out.", []string{"connect-timeout"}},
	{"java connect timed out", "com.sun.mail.util.MailConnectException: Couldn't connect to host, port: smtp.example.com, 25; timeout 10000;\n  nested exception is:\n\tjava.net.SocketTimeoutException: connect timed out", []string{"connect-timeout"}},
	// FACTS §6: refused
	{"node econnrefused", "Error: connect ECONNREFUSED 127.0.0.1:587", []string{"connect-refused"}},
	{"go refused", "dial tcp 127.0.0.1:2525: connect: connection refused", []string{"connect-refused"}},
	{"python refused", "ConnectionRefusedError: [Errno 111] Connection refused", []string{"connect-refused"}},
	{"windows refused", "No connection could be made because the target machine actively refused it. 127.0.0.1:25", []string{"connect-refused"}},
	{"node enetunreach ipv6", "Error: connect ENETUNREACH 2a00:1450:400c:c0b::6c:587 - Local (:::0)", []string{"network-unreachable"}},
	{"python no route", "OSError: [Errno 113] No route to host", []string{"network-unreachable"}},
	// FACTS §6: host not found
	{"node enotfound", "Error: getaddrinfo ENOTFOUND smtp.gmial.com", []string{"host-not-found"}},
	{"go no such host", "dial tcp: lookup smtp.gmial.com on 127.0.0.53:53: no such host", []string{"host-not-found"}},
	{"python gaierror", "socket.gaierror: [Errno -2] Name or service not known", []string{"host-not-found"}},
	{"java unknown host", "java.net.UnknownHostException: smtp.gmial.com", []string{"host-not-found"}},
	{"php getaddrinfo", "stream_socket_client(): php_network_getaddresses: getaddrinfo failed: Name or service not known", []string{"host-not-found"}},
	// FACTS §6: 502 5.5.1 after STARTTLS
	{"transcript 502 after starttls", "C: STARTTLS\nS: 502 5.5.1 Unrecognized command", []string{"starttls-unsupported"}},
	{"python starttls not supported", "smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.", []string{"starttls-unsupported"}},
	{"postfix tls required", "status=deferred (TLS is required, but was not offered by host smtp.example.com[1.2.3.4])", []string{"starttls-unsupported"}},
	{"javamail starttls required", "javax.mail.MessagingException: STARTTLS is required but host does not support STARTTLS", []string{"starttls-unsupported"}},
	// FACTS §6: synchronization error
	{"exim sync", "554 5.5.1 SMTP synchronization error", []string{"smtp-synchronization-error"}},
	{"pipelining", "554 5.5.0 Error: command pipelining not allowed here", []string{"smtp-synchronization-error"}},
	{"postfix improper pipelining", "postfix/smtpd[1]: improper command pipelining after EHLO from unknown[1.2.3.4]", []string{"smtp-synchronization-error"}},
	// Generic wordings.
	{"mailkit handshake", "MailKit.Security.SslHandshakeException: An error occurred while attempting to establish an SSL or TLS connection.", []string{"tls-handshake-failed"}},
	{"java convert socket", "javax.mail.MessagingException: Could not convert socket to TLS", []string{"tls-handshake-failed"}},
	{"java convert socket plaintext", "javax.mail.MessagingException: Could not convert socket to TLS;\n  nested exception is:\n\tjavax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?", []string{"starttls-garbage"}},
	{"php enable crypto", "Warning: stream_socket_enable_crypto(): SSL operation failed with code 1.", []string{"tls-handshake-failed"}},
	{"phpmailer connect failed", "SMTP ERROR: Failed to connect to server: (0)\nSMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting", []string{"connect-failed"}},
	{"phpmailer connect failed refused", "SMTP ERROR: Failed to connect to server: Connection refused (111)\nSMTP connect() failed.", []string{"connect-refused"}},
	{"go eof 587", "smtp.SendMail(\"smtp.example.com:587\"): EOF", []string{"connection-closed"}},
	{"nodemailer esocket alone", "code: 'ESOCKET'", []string{"socket-error"}},

	// More wordings: GnuTLS, Go PlainAuth, curl, Thunderbird, Ruby, Symfony, .NET, JavaMail, PHPMailer.
	{"gnutls unexpected packet", "msmtp: TLS handshake failed: An unexpected TLS packet was received.", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"msmtp no starttls", "msmtp: the server does not support TLS via the STARTTLS command", []string{"starttls-unsupported"}},
	{"go plainauth unencrypted", "2026/11/22 07:52:11 smtp.SendMail: unencrypted connection", []string{"starttls-unsupported", "starttls-required"}},
	{"curl wrong version", "curl: (35) error:0A00010B:SSL routines::wrong version number", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"dotnet remote certificate invalid", "The remote certificate is invalid according to the validation procedure.", []string{"cert-invalid"}},
	{"python timeout in sendmail", "  File \"/usr/lib/python3.11/smtplib.py\", line 881, in sendmail\nTimeoutError: timed out", []string{"read-timeout"}},
	{"go protocol version", "remote error: tls: protocol version not supported", []string{"tls-version-too-old"}},
	{"postfix user unknown", "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table", []string{"recipient-unknown"}},
	{"postfix size limit", "552 5.3.4 Message size exceeds fixed limit", []string{"message-too-large"}},
	{"curl weird reply", "curl: (8) Weird server reply", []string{"reply-not-shown"}},
	{"python SMTP_SSL decides", "    server = smtplib.SMTP_SSL(host, port)\nssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:992)", []string{"tls-wrong-version-number"}},
	{"swaks STARTTLS accepted decides", " -> STARTTLS\n<-  220 2.0.0 Ready to start TLS\n*** TLS startup failed (connect(): error:0A00010B:SSL routines::wrong version number)", []string{"starttls-garbage"}},
	{"curl login denied", "curl: (67) Login denied", []string{"auth-failed", "auth-mechanism-unsupported"}},
	{"curl local issuer", "curl: (60) SSL certificate problem: unable to get local issuer certificate", []string{"cert-unknown-authority"}},
	{"thunderbird login failed", "Login to server smtp.example.com with username user@example.com failed.", []string{"auth-failed"}},
	{"ruby open timeout", "Net::OpenTimeout: execution expired", []string{"connect-timeout"}},
	{"ruby read timeout 465", "config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 465 }\nNet::ReadTimeout: Net::ReadTimeout", []string{"greeting-never-received"}},
	{"json escaped 465 context", `{"config":"port: 465","stack":"Error: boom\n  at x\nNet::ReadTimeout: Net::ReadTimeout"}`, []string{"greeting-never-received"}},
	{"ruby eof 465", "port: 465,\nEOFError: end of file reached", []string{"greeting-never-received"}},
	{"symfony empty response 465", `Connection could not be established with host "smtp.example.com:465": Expected response code "220" but got an empty response.`, []string{"greeting-never-received"}},
	{"symfony starttls cert", `Unable to connect with STARTTLS: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed`, []string{"cert-unknown-authority", "cert-expired", "cert-hostname-mismatch", "cert-no-ip-san"}},
	{"symfony connect failed", `Connection could not be established with host "smtp.example.com:587": stream_socket_client(): Unable to connect`, []string{"connect-failed"}},
	{"dotnet connectionclosed 465", "new SmtpClient(\"smtp.example.com\", 465)\nSystem.IO.IOException: Unable to read data from the transport connection: net_io_connectionclosed.", []string{"greeting-never-received"}},
	{"dotnet connectionclosed 587", "System.IO.IOException: Unable to read data from the transport connection: net_io_connectionclosed.", []string{"connection-closed"}},
	{"javamail response -1 465", "javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 465, response: -1", []string{"greeting-never-received"}},
	{"phpmailer eof caught", "SMTP NOTICE: EOF caught while checking if connected", []string{"connection-closed"}},
	{"node tls disconnected", "Error: Client network socket disconnected before secure TLS connection was established", []string{"tls-handshake-failed"}},
	{"outlook encryption type", "Your server does not support the connection encryption type you have specified.", []string{"tls-handshake-failed"}},

	// Thunderbird (NSS), swaks, openssl s_client.
	{"thunderbird no starttls", "Unable to establish a secure link with Outgoing server (SMTP) smtp.example.com using STARTTLS since it doesn't advertise that feature.", []string{"starttls-unsupported"}},
	{"nss record too long", "Error code: SSL_ERROR_RX_RECORD_TOO_LONG", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"nss unknown issuer", "Peer's Certificate issuer is not recognized. (Error code: SEC_ERROR_UNKNOWN_ISSUER)", []string{"cert-unknown-authority"}},
	{"nss bad domain", "SSL_ERROR_BAD_CERT_DOMAIN", []string{"cert-hostname-mismatch"}},
	{"nss expired", "SEC_ERROR_EXPIRED_CERTIFICATE", []string{"cert-expired"}},
	{"swaks closed", "=== Connected to smtp.example.com.\n*** Remote host closed connection unexpectedly.", []string{"connection-closed"}},
	{"s_client verify", "Verify return code: 62 (hostname mismatch)", []string{"cert-hostname-mismatch", "cert-no-ip-san"}},

	// Bare reply codes at the start of a server reply.
	{"bare 535 reply", "S: 535 Bad username or password", []string{"auth-failed"}},
	{"swaks 535", "<** 535 Incorrect authentication data", []string{"auth-failed"}},
	{"bare 421 greeting", "421 mx.example.com Service not available, closing transmission channel", []string{"temporary-failure"}},
	{"postfix said 535", "status=bounced (host b.example[5.6.7.8] said: 535 go away (in reply to AUTH command))", []string{"auth-failed"}},
	{"535 not at reply start", "processed 535 items in 421 ms", nil},
	{"554 after data is not a greeting refusal", "S: 554 5.6.0 Message rejected: content", nil},

	// Noise around the message.
	{"uppercase", "ERROR: WRONG VERSION NUMBER", []string{"tls-wrong-version-number", "starttls-garbage"}},
	{"ansi colours", "\x1b[31merror\x1b[0m: \x1b[1mGreeting never received\x1b[0m", []string{"greeting-never-received", "greeting-timeout"}},
	{"ansi inside", "Greeting \x1b[1mnever\x1b[0m received", []string{"greeting-never-received", "greeting-timeout"}},
	{"json escaped stack", `{"level":"error","time":"2026-11-22T07:52:11Z","msg":"send failed","stack":"Error: connect ECONNREFUSED 127.0.0.1:587\n    at TCPConnectWrap.afterConnect\n    at x"}`, []string{"connect-refused"}},
	{"json escaped ansi and slash", `{"err":"\u001b[31mdial tcp 1.2.3.4:587: i\/o timeout\u001b[0m"}`, []string{"connect-timeout"}},
	{"docker json log, escaped twice", `{"log":"{\"level\":50,\"err\":{\"message\":\"Greeting never received\",\"stack\":\"Error: Greeting never received\\n    at SMTPConnection._formatError\"}}\n","stream":"stderr"}`, []string{"greeting-never-received", "greeting-timeout"}},
	{"double escaped ansi", `{"log":"\\u001b[31mconnect ECONNREFUSED 127.0.0.1:587\\u001b[0m"}`, []string{"connect-refused"}},
	{"crlf lines", "line one\r\n535 5.7.8 Authentication credentials invalid\r\n", []string{"auth-failed"}},
	{"tabs and spaces", "wrong\t  version   number", []string{"tls-wrong-version-number", "starttls-garbage"}},

	// Several errors, in order, deduplicated.
	{"several in order", "Error: getaddrinfo ENOTFOUND smtp.gmial.com\nthen\nError: connect ECONNREFUSED 127.0.0.1:587\nError: getaddrinfo ENOTFOUND smtp.gmial.com", []string{"host-not-found", "connect-refused"}},
	{"postfix log several", "Nov 22 07:00:01 h postfix/smtp[1]: A: status=deferred (connect to a.example[1.2.3.4]:25: Connection timed out)\nNov 22 07:00:02 h postfix/smtp[1]: B: status=deferred (connect to a.example[1.2.3.4]:25: Connection timed out)\n" + strings.Repeat("Nov 22 07:00:03 h postfix/smtp[1]: C: status=sent (250 2.0.0 OK)\n", 20) + "Nov 22 07:01:00 h postfix/smtp[1]: D: SASL authentication failed; server b.example[5.6.7.8] said: 535 5.7.8 Error: authentication failed", []string{"connect-timeout", "auth-failed"}},

	// Benign text: no match.
	{"250 ok log", "220 smtp.example.com ESMTP Postfix\nEHLO me\n250-smtp.example.com\n250-PIPELINING\n250-STARTTLS\n250-AUTH PLAIN LOGIN\n250 8BITMIME\nSTARTTLS\n220 2.0.0 Ready to start TLS\n235 2.7.0 Authentication successful\n250 2.0.0 Ok: queued as 4F2A1\n221 2.0.0 Bye", nil},
	{"version number unrelated", "Please enter the version number of your app (e.g. 5.7.8.1 or 1.5.7.80).", nil},
	{"numbers that are not codes", "order 5535 shipped; 4.7.01 items; v5.7.30; build 5.7.300", nil},
	{"oauth succeeded", "OAuth authentication succeeded for user@example.com", nil},
	{"proxy auth", "HTTP/1.1 407 Proxy Authentication Required", nil},
	{"timestamps are not ports", "2026-11-22T07:52:11.465Z info: mail queued; EOF reached in template parser", nil},
	{"empty", "", nil},
}

// Whole logs in testdata/errors: NAME.txt is the log, NAME.want the ids
// expected, one a line, in order.
func TestExplainErrorLogs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "errors", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no logs in testdata/errors: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wantText, err := os.ReadFile(strings.TrimSuffix(file, ".txt") + ".want")
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Fields(string(wantText))
			got := Explain(string(in))
			if ids := errIDs(got); !slices.Equal(ids, want) {
				for _, m := range got {
					t.Logf("%s line %d: %q", m.ID, m.Line, m.Excerpt)
				}
				t.Fatalf("ids = %q, want %q", ids, want)
			}
			checkErrorMatches(t, string(in), got)
		})
	}
}

func errIDs(ms []Match) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	return ids
}

func TestExplainErrorCases(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			got := Explain(c.in)
			if ids := errIDs(got); !slices.Equal(ids, c.ids) {
				t.Fatalf("Explain(%q) ids = %q, want %q", c.in, ids, c.ids)
			}
			checkErrorMatches(t, c.in, got)
		})
	}
}

// checkErrorMatches checks what holds for every match of every input.
func checkErrorMatches(t *testing.T, in string, got []Match) {
	t.Helper()
	lines := strings.Count(in, "\n") + 1
	seen := map[string]bool{}
	for _, m := range got {
		if seen[m.ID] {
			t.Errorf("id %q reported twice", m.ID)
		}
		seen[m.ID] = true
		if !strings.Contains(in, m.Excerpt) {
			t.Errorf("%s: excerpt %q is not a substring of the input", m.ID, m.Excerpt)
		}
		if len(m.Excerpt) > errorsMaxExcerpt {
			t.Errorf("%s: excerpt is %d bytes", m.ID, len(m.Excerpt))
		}
		if !utf8.ValidString(m.Excerpt) && utf8.ValidString(in) {
			t.Errorf("%s: excerpt %q is not valid UTF-8", m.ID, m.Excerpt)
		}
		if m.Line < 1 || m.Line > lines {
			t.Errorf("%s: line %d out of 1..%d", m.ID, m.Line, lines)
		} else if !strings.Contains(strings.Split(in, "\n")[m.Line-1], m.Excerpt) {
			t.Errorf("%s: excerpt %q is not on line %d", m.ID, m.Excerpt, m.Line)
		}
		if m.Title == "" || m.Cause == "" || m.Fix == "" || len(m.Refs) == 0 || m.Severity == "" {
			t.Errorf("%s: empty field in %+v", m.ID, m)
		}
	}
	if err := checkAlternatives(got); err != nil {
		t.Error(err)
	}
}

// checkAlternatives: an alternative cause follows the match it is an
// alternative of, which is an error of its own, on the same line.
func checkAlternatives(got []Match) error {
	for i, m := range got {
		if m.AlternativeOf == "" {
			continue
		}
		j := slices.IndexFunc(got[:i], func(o Match) bool { return o.ID == m.AlternativeOf })
		switch {
		case j < 0:
			return fmt.Errorf("%s: alternative of %q, which does not come before it in %q", m.ID, m.AlternativeOf, errIDs(got))
		case got[j].AlternativeOf != "":
			return fmt.Errorf("%s: alternative of %q, itself an alternative of %q", m.ID, m.AlternativeOf, got[j].AlternativeOf)
		case got[j].Line != m.Line:
			return fmt.Errorf("%s: alternative of %q on line %d, not on its line %d", m.ID, m.AlternativeOf, m.Line, got[j].Line)
		}
	}
	return nil
}

// A cause the words alone cannot tell from another is one error with an
// alternative, not two errors; a second error in the same log is counted
// on its own.
func TestExplainErrorAlternatives(t *testing.T) {
	errors := func(ms []Match) int {
		n := 0
		for _, m := range ms {
			if m.AlternativeOf == "" {
				n++
			}
		}
		return n
	}
	greeting := "Error: Greeting never received\n    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:790:19)"
	got := Explain(greeting)
	if len(got) != 2 || got[0].ID != "greeting-never-received" || got[0].AlternativeOf != "" ||
		got[1].ID != "greeting-timeout" || got[1].AlternativeOf != "greeting-never-received" || errors(got) != 1 {
		t.Fatalf("greeting: %q alternatives %q, want greeting-timeout as an alternative of greeting-never-received",
			errIDs(got), alternativeOfs(got))
	}
	if got[1].Line != got[0].Line || got[1].Excerpt != got[0].Excerpt {
		t.Errorf("the alternative quotes line %d %q, the cause line %d %q", got[1].Line, got[1].Excerpt, got[0].Line, got[0].Excerpt)
	}
	// Decided by the port: no alternative.
	if got := Explain("2026/11/22 07:52:11 smtp.SendMail(\"smtp.gmail.com:465\"): EOF"); len(got) != 1 || got[0].AlternativeOf != "" {
		t.Errorf("465 EOF: %q alternatives %q, want one error", errIDs(got), alternativeOfs(got))
	}
	// Two errors, one with an alternative.
	log := greeting + "\n" + strings.Repeat("Nov 22 07:00:03 h app: queued\n", 10) +
		"Nov 22 07:01:00 h postfix/smtp[1]: D: SASL authentication failed; server b.example[5.6.7.8] said: 535 5.7.8 Error: authentication failed"
	got = Explain(log)
	if errors(got) != 2 {
		t.Errorf("log: %q alternatives %q, want 2 errors", errIDs(got), alternativeOfs(got))
	}
	if err := checkAlternatives(got); err != nil {
		t.Error(err)
	}
}

func alternativeOfs(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.AlternativeOf)
	}
	return out
}

// Every id of ErrorIDs has a row in errorCases that triggers it.
func TestExplainErrorEveryIDTriggered(t *testing.T) {
	triggered := map[string]bool{"input-truncated": true} // TestExplainErrorTruncates
	for _, c := range errorCases {
		for _, id := range c.ids {
			triggered[id] = true
		}
	}
	ids := IDs()
	for _, id := range ids {
		if !triggered[id] {
			t.Errorf("no test row triggers %q", id)
		}
	}
	// and every pattern's id is a known id
	for _, p := range errorPatterns {
		if !slices.Contains(ids, p.id) || (p.onImplicit != "" && !slices.Contains(ids, p.onImplicit)) {
			t.Errorf("pattern id %q / %q not in ErrorIDs", p.id, p.onImplicit)
		}
		for _, y := range p.yieldTo {
			if !slices.Contains(ids, y) {
				t.Errorf("yieldTo %q not in ErrorIDs", y)
			}
		}
		for _, s := range p.texts {
			if s != strings.ToLower(s) {
				t.Errorf("pattern %q is not lowercase", s)
			}
		}
	}
	for _, h := range errLibraryHints {
		if !slices.Contains(ids, h.id) || h.word == "" {
			t.Errorf("library hint %q/%q: unknown id or no word", h.id, h.word)
		}
	}
	for _, m := range errLibraryMarkers {
		if m.marker != strings.ToLower(m.marker) || !rules.ValidLibrary(string(m.lib)) {
			t.Errorf("library marker %q/%q: not lowercase or unknown library", m.marker, m.lib)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
		t.Errorf("duplicate ids in ErrorIDs: %q", ids)
	}
}

func TestExplainErrorLineAndExcerpt(t *testing.T) {
	in := "2026-11-22 07:52:11 info starting\n2026-11-22 07:52:12 info connecting to smtp.example.com\n2026-11-22 07:52:42 error Error: Greeting never received"
	got := Explain(in)
	if len(got) == 0 || got[0].ID != "greeting-never-received" {
		t.Fatalf("got %+v", got)
	}
	if got[0].Line != 3 {
		t.Errorf("line = %d, want 3", got[0].Line)
	}
	if got[0].Excerpt != "2026-11-22 07:52:42 error Error: Greeting never received" {
		t.Errorf("excerpt = %q", got[0].Excerpt)
	}

	// A JSON-escaped stack trace: the excerpt is the segment between \n.
	in = `{"stack":"Error: boom\n    at a\nError: connect ECONNREFUSED 127.0.0.1:587\n    at b"}`
	got = Explain(in)
	if len(got) != 1 || got[0].Excerpt != "Error: connect ECONNREFUSED 127.0.0.1:587" || got[0].Line != 1 {
		t.Errorf("got %+v", got)
	}

	// A JSON log line: the excerpt is the JSON string holding the match.
	in = `{"level":50,"msg":"mail failed","err":{"message":"Invalid login: 535-5.7.8 Username and Password not accepted. For \"more\"\n535 5.7.8 https://x","code":"EAUTH"}}`
	got = Explain(in)
	if len(got) != 1 || got[0].Excerpt != "Invalid login: 535-5.7.8 Username and Password not accepted. For \\\"more\\\"" {
		t.Errorf("got %+v", got)
	}

	// Escaped twice (a JSON log inside a Docker JSON line): segments still split.
	in = `{"log":"{\"stack\":\"Error: boom\\n    at a\\nError: connect ECONNREFUSED 127.0.0.1:587\\n    at b\"}\n"}`
	got = Explain(in)
	if len(got) != 1 || got[0].Excerpt != "Error: connect ECONNREFUSED 127.0.0.1:587" {
		t.Errorf("got %+v", got)
	}

	// ANSI colours at the edges are trimmed from the excerpt.
	in = "\x1b[31mError: connect ECONNREFUSED 127.0.0.1:587\x1b[0m"
	got = Explain(in)
	if len(got) != 1 || got[0].Excerpt != "Error: connect ECONNREFUSED 127.0.0.1:587" {
		t.Errorf("got %+v", got)
	}

	// A long line whose start fits with the match keeps its start, and is
	// cut at a space.
	in = "Nov 22 07:45:02 relay postfix/smtp[1390]: 3F1A2C0123: to=<user@example.com>, relay=smtp.sendgrid.net[167.89.115.56]:587, delay=301, delays=300/0.02/0.3/0, dsn=4.7.0, status=deferred (SASL authentication failed; server smtp.sendgrid.net[167.89.115.56] said: 535 Authentication failed: Bad username / password and some more words to make it long enough to cut)"
	got = Explain(in)
	if len(got) != 1 || !strings.HasPrefix(got[0].Excerpt, "Nov 22 07:45:02 relay") || strings.HasSuffix(got[0].Excerpt, "fai") {
		t.Errorf("got excerpt %q", got[0].Excerpt)
	}

	// A long line is cut around the match.
	in = strings.Repeat("x", 5000) + " wrong version number " + strings.Repeat("y", 5000)
	got = Explain(in)
	if len(got) == 0 || !strings.Contains(got[0].Excerpt, "wrong version number") || len(got[0].Excerpt) > errorsMaxExcerpt {
		t.Errorf("got excerpt %q", got[0].Excerpt)
	}
}

func TestExplainErrorCauseNamesHostAndPort(t *testing.T) {
	for _, c := range []struct{ in, id, want string }{
		{"Error: connect ETIMEDOUT 142.250.1.108:25", "connect-timeout", "142.250.1.108 on port 25"},
		{"dial tcp 127.0.0.1:2525: connect: connection refused", "connect-refused", "127.0.0.1 on port 2525"},
		{"status=deferred (connect to mx.example.com[1.2.3.4]:25: Connection timed out)", "connect-timeout", "mx.example.com[1.2.3.4] on port 25"},
		{"Error: getaddrinfo ENOTFOUND smtp.gmial.com", "host-not-found", "smtp.gmial.com"},
		{"dial tcp: lookup smtp.gmial.com on 127.0.0.53:53: no such host", "host-not-found", "smtp.gmial.com."},
		{"x509: certificate is valid for mail.example.net, smtp.example.net, not smtp.example.com", "cert-hostname-mismatch", "covers mail.example.net, smtp.example.net, but you connected to smtp.example.com."},
		{"Hostname/IP does not match certificate's altnames: Host: smtp.example.com. is not in the cert's altnames: DNS:mailhost.net'", "cert-hostname-mismatch", "covers dns:mailhost.net, but you connected to smtp.example.com."},
		{"x509: certificate is not valid for any names, but wanted to match 10.0.0.5", "cert-hostname-mismatch", "you connected to 10.0.0.5."},
		{"s = smtplib.SMTP_SSL('smtp.example.com', 587)\n[SSL: WRONG_VERSION_NUMBER] wrong version number", "tls-wrong-version-number", "port 587"},
		{"connecting to smtp.example.com:465\nError: write EPROTO wrong version number", "tls-wrong-version-number", "some do, see nodemailer issue 1582"},
		{"read tcp 10.0.0.2:51234->142.250.1.108:465: i/o timeout", "greeting-never-received", "On port 465"},
		{"Error: connect ENETUNREACH 2a00:1450:400c:c0b::6c:587 - Local (:::0)", "network-unreachable", "The address here is IPv6."},
		{"postfix/smtpd[1]: SSL_accept error from unknown[1.2.3.4]: wrong version number", "greeting-never-received", "This is the server's own log"},
		{"error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:", "tls-wrong-version-number", "The client started TLS"},
		{"    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:807:19)\nError: Greeting never received", "greeting-never-received", "On port 465"},
		{"connect to smtp.example.com:587\nError: Greeting never received", "greeting-timeout", "This happened on port 587."},
		{"connect to smtp.example.com:2465\nError: Greeting never received", "greeting-never-received", "This happened on port 2465, an implicit-TLS port."},
	} {
		got := Explain(c.in)
		if len(got) == 0 || got[0].ID != c.id || !strings.Contains(got[0].Cause, c.want) {
			t.Errorf("Explain(%q) = %+v, want %s with cause containing %q", c.in, got, c.id, c.want)
		}
	}
}

// The fix speaks the library of the log when the log names it (FACTS §5).
func TestExplainErrorLibraryFix(t *testing.T) {
	for _, c := range []struct{ in, id, want string }{
		{"    server = smtplib.SMTP('smtp.gmail.com', 465)\nsmtplib.SMTPServerDisconnected: Connection unexpectedly closed", "greeting-never-received", "smtplib.SMTP_SSL(host, 465) instead of smtplib.SMTP"},
		{"Error: Greeting never received\n    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:807:19)", "greeting-never-received", "nodemailer: secure: true for port 465"},
		{"Error: C0EC1EE8E47F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number\n    at /app/node_modules/nodemailer/lib/smtp-connection/index.js:1", "tls-wrong-version-number", "nodemailer: secure: false (with requireTLS: true) on 587"},
		{"2026/11/22 smtp.SendMail: tls: first record does not look like a TLS handshake", "tls-wrong-version-number", "Go: smtp.SendMail on 587"},
		{"var client = new SmtpClient(\"smtp.example.com\", 465);\nSystem.Net.Mail.SmtpException: The operation has timed out.", "greeting-never-received", "System.Net.Mail.SmtpClient cannot do implicit TLS"},
		{"javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 465, response: -1", "greeting-never-received", "JavaMail: mail.smtp.ssl.enable=true for port 465"},
		{"File \"/app/venv/lib/python3.12/site-packages/django/core/mail/backends/smtp.py\"\nssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number", "tls-wrong-version-number", "Django: EMAIL_USE_TLS = True with port 587"},
		{"Nov 22 postfix/smtp[1]: A: relay=smtp.example.com[1.2.3.4]:465, status=deferred (conversation with smtp.example.com[1.2.3.4] timed out while receiving the initial server greeting)", "greeting-never-received", "Postfix: smtp_tls_wrappermode = yes"},
		{"Sending of the message failed.\nAn error occurred while sending mail: Outgoing server (SMTP) error. The server responded: 530 5.7.0 Must issue a STARTTLS command first.", "starttls-required", "Mail client: Connection security \"STARTTLS\"."},
		{"530 5.7.0 Must issue a STARTTLS command first", "starttls-required", "Enable STARTTLS: nodemailer"}, // no library: the generic fix
	} {
		got := Explain(c.in)
		if len(got) == 0 || got[0].ID != c.id || !strings.Contains(got[0].Fix, c.want) {
			t.Errorf("Explain(%q) = %+v, want %s with fix containing %q", c.in, got, c.id, c.want)
		}
	}
}

// File and line references of stack traces are not ports.
func TestExplainErrorNoPortFromSourceFiles(t *testing.T) {
	for _, in := range []string{
		"error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:",
		"    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:807:19)\nError: Greeting never received",
		"ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1002)",
		"2026-11-22T07:52:11.465Z main.go:42: dial tcp: i/o timeout",
	} {
		for _, m := range Explain(in) {
			if strings.Contains(m.Cause, "This happened on port") || strings.Contains(m.Cause, "The connection went to") {
				t.Errorf("Explain(%q): %s cause names a port: %q", in, m.ID, m.Cause)
			}
		}
	}
}

// A connection error repeated on other ports names them, once each.
func TestExplainErrorOtherPorts(t *testing.T) {
	in := "connect to mx.example.com[1.2.3.4]:25: Connection timed out\n" +
		"connect to mx.example.com[1.2.3.4]:25: Connection timed out\n" +
		"Error: connect ETIMEDOUT 1.2.3.4:587\n" +
		"Error: connect ETIMEDOUT 1.2.3.4:587\n" +
		"Error: connect ETIMEDOUT 1.2.3.4:2525"
	got := Explain(in)
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	c := got[0].Cause
	if !strings.HasPrefix(c, "The connection went to mx.example.com[1.2.3.4] on port 25.") ||
		!strings.HasSuffix(c, "It also happened on port 587 (line 3). It also happened on port 2525 (line 5).") {
		t.Errorf("cause = %q", c)
	}
}

func TestExplainErrorTruncates(t *testing.T) {
	line := "2026-11-22 07:52:11 info all good here, nothing to see\n"
	in := "Error: connect ECONNREFUSED 127.0.0.1:587\n" + strings.Repeat(line, errorsMaxBytes/len(line)+10) + "Error: getaddrinfo ENOTFOUND smtp.gmial.com\n"
	got := Explain(in)
	if ids := errIDs(got); !slices.Equal(ids, []string{"connect-refused", "input-truncated"}) {
		t.Fatalf("ids = %q", ids)
	}
	checkErrorMatches(t, in, got)
	if got[1].Severity != rules.SeverityInfo {
		t.Errorf("truncation severity = %q", got[1].Severity)
	}

	// One huge line without a newline.
	got = Explain(strings.Repeat("é", errorsMaxBytes))
	if ids := errIDs(got); !slices.Equal(ids, []string{"input-truncated"}) {
		t.Fatalf("ids = %q", ids)
	}
}

func TestErrorMatchIsACopy(t *testing.T) {
	a := Explain("connection refused")
	a[0].Refs[0].Name = "changed"
	b := Explain("connection refused")
	if b[0].Refs[0].Name == "changed" {
		t.Error("refs are shared between calls")
	}
}

// FuzzExplainError: never panics, excerpts are substrings of the input,
// lines in range, ids unique and known.
func FuzzExplainError(f *testing.F) {
	for _, c := range errorCases {
		f.Add(c.in)
	}
	logs, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.txt"))
	for _, file := range logs {
		if in, err := os.ReadFile(file); err == nil {
			f.Add(string(in))
		}
	}
	f.Add("\\u001b[31m\\n\\n wrong version number \\")
	f.Add("\x1b[")
	f.Add("\\u001")
	f.Add(":465 eof")
	ids := IDs()
	f.Fuzz(func(t *testing.T, in string) {
		got := Explain(in)
		lines := strings.Count(in, "\n") + 1
		seen := map[string]bool{}
		for _, m := range got {
			if !strings.Contains(in, m.Excerpt) {
				t.Fatalf("excerpt %q not in input", m.Excerpt)
			}
			if m.Line < 1 || m.Line > lines {
				t.Fatalf("line %d out of 1..%d", m.Line, lines)
			}
			if !strings.Contains(strings.Split(in, "\n")[m.Line-1], m.Excerpt) {
				t.Fatalf("excerpt %q is not on line %d", m.Excerpt, m.Line)
			}
			if len(m.Excerpt) > errorsMaxExcerpt {
				t.Fatalf("excerpt of %d bytes", len(m.Excerpt))
			}
			if seen[m.ID] || !slices.Contains(ids, m.ID) {
				t.Fatalf("id %q repeated or unknown", m.ID)
			}
			seen[m.ID] = true
		}
		if err := checkAlternatives(got); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkExplainErrorLog: a 256 KB Postfix log with one error at the end.
func BenchmarkExplainErrorLog(b *testing.B) {
	line := "Nov 22 07:00:03 h postfix/smtp[1]: C: to=<a@b.c>, relay=x.example[1.2.3.4]:25, status=sent (250 2.0.0 OK)\n"
	in := strings.Repeat(line, errorsMaxBytes/len(line)-1) + "Nov 22 07:01:00 h postfix/smtp[1]: D: SASL authentication failed; server b.example[5.6.7.8] said: 535 5.7.8 Error: authentication failed"
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if len(Explain(in)) != 1 {
			b.Fatal("want one match")
		}
	}
}

// Every pattern finds its own text (the multi-pattern pass does not hide
// it, its edges allow it), so no table row is dead.
func TestErrorPatternsMatchThemselves(t *testing.T) {
	for i, p := range errorPatterns {
		for j, text := range p.texts {
			sample := strings.ReplaceAll(strings.TrimRight(strings.TrimLeft(text, "^~"), "~"), "*", " ")
			var found pieceSet
			found.reset(len(errPieces().pieces))
			for _, at := range errPieces().find(sample, nil) {
				found.add(at.piece)
			}
			if _, _, ok := errMatchAny(sample, []string{text}, errPieces().textPieces[i][j:j+1], &found); !ok {
				t.Errorf("pattern %q (%s) does not match %q", text, p.id, sample)
			}
		}
	}
}

// TestErrCut: a cut never splits a rune, so excerpts and host names stay
// valid UTF-8 (errShort used to keep the lead byte of a rune it cut).
func TestErrCut(t *testing.T) {
	long := strings.Repeat("a", 119) + "é.example"
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"héllo", 10, "héllo"},
		{"héllo", 3, "hé"},
		{"héllo", 2, "h"},
		{"héllo", 1, "h"},
		{"€", 2, ""},
		{long, 120, strings.Repeat("a", 119)},
	} {
		if got := errCut(c.s, c.n); got != c.want {
			t.Errorf("errCut(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
	if got := errShort(long); !utf8.ValidString(got) || len(got) > 120 {
		t.Errorf("errShort(%q) = %q: not valid UTF-8 or longer than 120 bytes", long, got)
	}
}
