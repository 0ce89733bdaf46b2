# Send one message with Django's send_mail (SMTP backend); settings from the
# environment (see scripts/corpus/main.go).
import os

import django
from django.conf import settings

security = os.environ["SMTP_SECURITY"]  # plain, starttls or implicit
settings.configure(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST=os.environ["SMTP_HOST"],
    EMAIL_PORT=int(os.environ["SMTP_PORT"]),
    EMAIL_USE_TLS=security == "starttls",
    EMAIL_USE_SSL=security == "implicit",
    EMAIL_HOST_USER=os.environ.get("SMTP_USER", ""),
    EMAIL_HOST_PASSWORD=os.environ.get("SMTP_PASS", ""),
    EMAIL_TIMEOUT=5,
)
django.setup()

from django.core.mail import send_mail

send_mail("whichport corpus", os.environ["MAIL_BODY"], os.environ["MAIL_FROM"], [os.environ["MAIL_TO"]])
