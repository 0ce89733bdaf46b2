const transporter = nodemailer.createTransport({
  host: "smtp.example.com",
  port: 587,
  secure: true,
  auth: { user: "app@example.com", pass: process.env.SMTP_PASSWORD },
});
