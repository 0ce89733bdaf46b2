# Send one message with Ruby's net-smtp, as an application would; settings
# from the environment (see scripts/corpus/main.go).
require 'net/smtp'

host = ENV.fetch('SMTP_HOST')
port = Integer(ENV.fetch('SMTP_PORT'))
security = ENV.fetch('SMTP_SECURITY') # plain, starttls or implicit
user = ENV['SMTP_USER']
password = ENV['SMTP_PASS']
message = <<~MESSAGE
  From: #{ENV.fetch('MAIL_FROM')}
  To: #{ENV.fetch('MAIL_TO')}
  Subject: whichport corpus

  #{ENV.fetch('MAIL_BODY')}
MESSAGE

smtp = Net::SMTP.new(host, port)
smtp.open_timeout = 5
smtp.read_timeout = 5
case security
when 'implicit' then smtp.enable_tls
when 'starttls' then smtp.enable_starttls
else smtp.disable_starttls
end
smtp.start('client.example', user, password, user ? :login : nil) do |s|
  s.send_message(message, ENV.fetch('MAIL_FROM'), ENV.fetch('MAIL_TO'))
end
