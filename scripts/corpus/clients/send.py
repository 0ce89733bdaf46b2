# Send one message with Python's smtplib, as an application would; every
# setting comes from the environment (see scripts/corpus/main.go).
import os
import smtplib
import ssl
from email.message import EmailMessage

host = os.environ["SMTP_HOST"]
port = int(os.environ["SMTP_PORT"])
security = os.environ["SMTP_SECURITY"]  # plain, starttls or implicit
user = os.environ.get("SMTP_USER")
password = os.environ.get("SMTP_PASS")

msg = EmailMessage()
msg["From"] = os.environ["MAIL_FROM"]
msg["To"] = os.environ["MAIL_TO"]
msg["Subject"] = "whichport corpus"
msg.set_content(os.environ["MAIL_BODY"])

context = ssl.create_default_context()
if security == "implicit":
    server = smtplib.SMTP_SSL(host, port, context=context, timeout=5)
else:
    server = smtplib.SMTP(host, port, timeout=5)
    if security == "starttls":
        server.starttls(context=context)
if user:
    server.login(user, password)
server.send_message(msg)
server.quit()
