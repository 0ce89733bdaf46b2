// Send one message with nodemailer, as an application would; every setting
// comes from the environment (see scripts/corpus/main.go).
import nodemailer from "nodemailer";

const env = process.env;
const security = env.SMTP_SECURITY; // plain, starttls or implicit
const transporter = nodemailer.createTransport({
  host: env.SMTP_HOST,
  port: Number(env.SMTP_PORT),
  secure: security === "implicit",
  requireTLS: security === "starttls",
  ignoreTLS: security === "plain",
  auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS } : undefined,
  connectionTimeout: 5000,
  greetingTimeout: 5000,
  socketTimeout: 5000,
});

await transporter.sendMail({
  from: env.MAIL_FROM,
  to: env.MAIL_TO,
  subject: "whichport corpus",
  text: env.MAIL_BODY,
});
