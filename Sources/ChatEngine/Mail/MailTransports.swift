import Mail
import SysConfig

/// The transport OTRS's `SendmailModule` names, made from the settings of the moment (a reload applies to the
/// next mail): SMTP plain (port 25), SMTPS implicit TLS (465), SMTPTLS STARTTLS (587), as OTRS maps them; the
/// local sendmail (`SendmailModule::CMD`); or none (`DoNotSendEmail`, logged only).
enum MailTransports {
    @Sendable static func make(_ settings: MailSettings) -> any MailTransport {
        let security: SMTPConfiguration.Security
        switch settings.module {
        case .smtp: security = .plain
        case .smtps: security = .implicitTLS
        case .smtpTLS: security = .startTLS
        case .sendmail: return SendmailTransport(command: settings.sendmailCommand, timeout: .seconds(max(settings.timeout, 60)))
        case .doNotSend: return DoNotSendTransport()
        }
        return SMTPTransport(configuration: configuration(settings, security: security))
    }

    static func configuration(_ settings: MailSettings, security: SMTPConfiguration.Security) -> SMTPConfiguration {
        let auth = settings.authUser.isEmpty ? nil
            : SMTPConfiguration.Credentials(user: settings.authUser, password: settings.authPassword)
        return SMTPConfiguration(host: settings.host, port: settings.port, security: security, auth: auth,
            timeout: .seconds(settings.timeout), certificateVerification: settings.verifyCertificate,
            trustedRootsFile: settings.trustedCAFile.isEmpty ? nil : settings.trustedCAFile)
    }
}
