import NIOSSL

extension SMTPConfiguration {
    /// The client TLS context: full verification (chain and host name) unless switched off, against the system's
    /// roots or the PEM file given.
    func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = certificateVerification ? .fullVerification : .none
        if let trustedRootsFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(trustedRootsFile))
            } catch {
                throw MailError.permanent("cannot read the trusted roots \(trustedRootsFile): \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw MailError.permanent("cannot set up TLS: \(error)")
        }
    }
}
