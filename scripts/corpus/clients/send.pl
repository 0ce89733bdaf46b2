# Send one message with Perl's Net::SMTP (debug on), as a script would;
# settings from the environment (see scripts/corpus/main.go).
use strict;
use warnings;
use Net::SMTP;

my $host = $ENV{SMTP_HOST};
my $security = $ENV{SMTP_SECURITY};    # plain, starttls or implicit
my $smtp = Net::SMTP->new($host, Port => $ENV{SMTP_PORT}, Timeout => 5, Debug => 1,
    ($security eq 'implicit' ? (SSL => 1) : ()))
  or die "Cannot connect to $host: $@\n";
if ($security eq 'starttls') {
    $smtp->starttls() or die "STARTTLS failed: ", $smtp->message, " $IO::Socket::SSL::SSL_ERROR\n";
}
if ($ENV{SMTP_USER}) {
    $smtp->auth($ENV{SMTP_USER}, $ENV{SMTP_PASS}) or die "Authentication failed: ", $smtp->message, "\n";
}
$smtp->mail($ENV{MAIL_FROM}) or die "MAIL FROM failed: ", $smtp->message, "\n";
$smtp->to($ENV{MAIL_TO}) or die "RCPT TO failed: ", $smtp->message, "\n";
$smtp->data("From: $ENV{MAIL_FROM}\nTo: $ENV{MAIL_TO}\nSubject: whichport corpus\n\n$ENV{MAIL_BODY}\n")
  or die "DATA failed: ", $smtp->message, "\n";
$smtp->quit;
