<?php
// Send one message with PHPMailer (Debian libphp-phpmailer), debug output
// on as when someone asks for help; settings from the environment (see
// scripts/corpus/main.go).
require '/usr/share/php/libphp-phpmailer/autoload.php';

use PHPMailer\PHPMailer\PHPMailer;
use PHPMailer\PHPMailer\SMTP;
use PHPMailer\PHPMailer\Exception;

$security = getenv('SMTP_SECURITY'); // plain, starttls or implicit
$mail = new PHPMailer(true);
try {
    $mail->SMTPDebug = SMTP::DEBUG_CONNECTION;
    $mail->isSMTP();
    $mail->Host = getenv('SMTP_HOST');
    $mail->Port = (int) getenv('SMTP_PORT');
    $mail->Timeout = 5;
    if ($security === 'implicit') {
        $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
    } elseif ($security === 'starttls') {
        $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
    } else {
        $mail->SMTPSecure = '';
        $mail->SMTPAutoTLS = false;
    }
    if (getenv('SMTP_USER')) {
        $mail->SMTPAuth = true;
        $mail->Username = getenv('SMTP_USER');
        $mail->Password = getenv('SMTP_PASS');
    }
    $mail->setFrom(getenv('MAIL_FROM'));
    $mail->addAddress(getenv('MAIL_TO'));
    $mail->Subject = 'whichport corpus';
    $mail->Body = getenv('MAIL_BODY');
    $mail->send();
} catch (Exception $e) {
    echo "Message could not be sent. Mailer Error: {$mail->ErrorInfo}\n";
    exit(1);
}
