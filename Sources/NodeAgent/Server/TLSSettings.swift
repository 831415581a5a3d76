import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import NodeServerKit

/// The HTTP server builder for `tls` in node.yaml: plain HTTP/1.1, or TLS with the configured PEM certificate
/// chain and key; with `clientCAFile`, mutual TLS: a client must present a certificate signed by one of its CAs
/// (the handshake fails otherwise, before any request is read).
enum TLSSettings {
    /// HTTP/1.1 with the shared `ServerLimits` without TLS files, else the same over TLS; throws naming the file that cannot be read.
    static func server(_ files: TLSFiles?) throws(ConfigError) -> HTTPServerBuilder {
        let http1 = ServerLimits.standard.http1
        guard let files else { return .http1(configuration: http1) }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certFile).map { NIOSSLCertificateSource.certificate($0) }
            guard !chain.isEmpty else {
                throw ConfigError.invalid(problems: ["tls.certFile: \(files.certFile) holds no PEM certificate"])
            }
            let key = try NIOSSLPrivateKey(file: files.keyFile, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(key))
            if let clientCAFile = files.clientCAFile {
                let authorities: [NIOSSLCertificate]
                do { authorities = try NIOSSLCertificate.fromPEMFile(clientCAFile) } catch {
                    throw ConfigError.invalid(problems: ["tls.clientCAFile: cannot read \(clientCAFile): \(error)"])
                }
                guard !authorities.isEmpty else {
                    throw ConfigError.invalid(problems: ["tls.clientCAFile: \(clientCAFile) holds no PEM certificate"])
                }
                configuration.trustRoots = .certificates(authorities)
                configuration.certificateVerification = .noHostnameVerification
            }
            return try .tls(.http1(configuration: http1), tlsConfiguration: configuration)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .invalid(problems: [
                "tls: cannot use \(files.certFile) / \(files.keyFile) (PEM certificate chain and private key): \(error)"])
        }
    }
}
