//! The host's kept self-signed certificate and the TLS settings on both sides of `wss://`.
//!
//! A host makes its certificate once (rcgen, ECDSA P-256) and keeps it in a folder beside the
//! app's other state, so its fingerprint stays the same from one retreat to the next and a
//! laptop that pinned it finds the same host again. No certificate authority vouches for it:
//! a joining laptop learns which fingerprint to trust by pairing ([`crate::pairing`]), a stock
//! Node client by being handed the PEM file (`ws`'s `ca:` option).
//!
//! Joining a retreat host therefore never asks a root store. It accepts any certificate while
//! pairing (the pairing's key confirmation covers the fingerprint it saw, so a certificate
//! other than the host's fails there) and exactly the pinned one afterwards; in both cases
//! rustls still checks that the server holds the certificate's private key.
//!
//! A district's server (Hocuspocus behind the district's own TLS) is the opposite case: its
//! certificate is issued by an authority the district's laptops already trust, often the
//! district's own, installed in the system's store. There the system's roots decide
//! ([`Trust::System`]), with the usual checks of name and dates.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::error::SessionError;

/// The certificate's file, in the folder it is kept in (the Node client's `ca:`).
pub const CERTIFICATE_FILE: &str = "retreat-certificate.pem";
/// Its private key, readable by this user only.
const KEY_FILE: &str = "retreat-key.pem";

/// SHA-256 of a certificate's DER bytes: what a laptop pins and pairing confirms.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn of(certificate_der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(certificate_der).into())
    }
}

impl fmt::Display for Fingerprint {
    /// `AB:CD:…`, as Node's `fingerprint256` and browsers show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// The host's certificate and key, as kept on disk.
#[derive(Clone)]
pub struct HostCertificate {
    certificate: CertificateDer<'static>,
    key: Arc<PrivateKeyDer<'static>>,
    pem_path: PathBuf,
    fingerprint: Fingerprint,
}

impl fmt::Debug for HostCertificate {
    // The private key never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostCertificate")
            .field("pem_path", &self.pem_path)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl HostCertificate {
    /// The certificate kept in `folder`, made and written there the first time.
    pub fn kept_in(folder: &Path) -> Result<HostCertificate, SessionError> {
        let pem_path = folder.join(CERTIFICATE_FILE);
        let key_path = folder.join(KEY_FILE);
        let problem = |what: &Path, e: &dyn fmt::Display| {
            SessionError::Certificate(format!("{}: {e}", what.display()))
        };
        if !pem_path.exists() || !key_path.exists() {
            std::fs::create_dir_all(folder).map_err(|e| problem(folder, &e))?;
            let made = rcgen::generate_simple_self_signed(vec![
                String::from("localhost"),
                String::from("127.0.0.1"),
                String::from("::1"),
            ])
            .map_err(|e| problem(&pem_path, &e))?;
            write_private(&key_path, made.signing_key.serialize_pem().as_bytes())
                .map_err(|e| problem(&key_path, &e))?;
            // The certificate last: a folder holding it always holds its key.
            std::fs::write(&pem_path, made.cert.pem()).map_err(|e| problem(&pem_path, &e))?;
        }
        let pem = std::fs::read(&pem_path).map_err(|e| problem(&pem_path, &e))?;
        let certificate =
            CertificateDer::from_pem_slice(&pem).map_err(|e| problem(&pem_path, &e))?;
        let key_pem = std::fs::read(&key_path).map_err(|e| problem(&key_path, &e))?;
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| problem(&key_path, &e))?;
        let fingerprint = Fingerprint::of(&certificate);
        let kept = HostCertificate {
            certificate,
            key: Arc::new(key),
            pem_path,
            fingerprint,
        };
        // A key that does not match the certificate is found now, not at the first peer.
        kept.server_config()?;
        Ok(kept)
    }

    /// The PEM file a stock client trusts (`ca:`).
    pub fn pem_path(&self) -> &Path {
        &self.pem_path
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    pub(crate) fn server_config(&self) -> Result<Arc<rustls::ServerConfig>, SessionError> {
        let config = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| SessionError::Certificate(e.to_string()))?
            .with_no_client_auth()
            .with_single_cert(vec![self.certificate.clone()], self.key.clone_key())
            .map_err(|e| SessionError::Certificate(format!("{}: {e}", self.pem_path.display())))?;
        Ok(Arc::new(config))
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    io::Write::write_all(&mut options.open(path)?, bytes)
}

// ring rather than aws-lc-rs (rustls's default, which builds a C library with cmake): the
// post-quantum key exchange it lacks is a future concern for a two-day retreat's traffic.
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Which server certificates a joining laptop accepts.
#[derive(Debug, Clone, Copy)]
pub enum Trust {
    /// Any, while pairing: the pairing confirms the fingerprint seen.
    WhilePairing,
    /// Only this one.
    Pinned(Fingerprint),
    /// One the system's certificate authorities vouch for, for the name dialled (a district's
    /// server). `SSL_CERT_FILE` / `SSL_CERT_DIR` name other roots, as for other programs.
    System,
}

/// The system's trusted roots. A root the store holds but rustls cannot read is skipped, as
/// other programs skip it; none at all is an error that says where they were looked for.
fn system_roots() -> Result<rustls::RootCertStore, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = rustls::RootCertStore::empty();
    let (_added, _skipped) = roots.add_parsable_certificates(found.certs);
    if roots.is_empty() {
        let why = found
            .errors
            .first()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        return Err(format!(
            "no trusted certificate authorities on this computer{why}"
        ));
    }
    Ok(roots)
}

#[derive(Debug)]
struct Verifier {
    trust: Trust,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.trust {
            Trust::WhilePairing => Ok(ServerCertVerified::assertion()),
            Trust::Pinned(pin) if Fingerprint::of(end_entity) == pin => {
                Ok(ServerCertVerified::assertion())
            }
            Trust::Pinned(_) => Err(rustls::Error::General(String::from(
                "the host's certificate is not the one this laptop paired with",
            ))),
            // Never reached: a system-trusting connection uses rustls's own verifier.
            Trust::System => Err(rustls::Error::General(String::from(
                "no certificate authority was consulted",
            ))),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Opens TLS to `authority` (`HOST:PORT`) trusting as `trust` says; returns the stream and
/// the fingerprint of the certificate the server showed.
pub async fn connect(
    authority: &str,
    trust: Trust,
) -> Result<(tokio_rustls::client::TlsStream<TcpStream>, Fingerprint), SessionError> {
    let unreachable = |reason: String| SessionError::Unreachable {
        address: authority.to_owned(),
        reason,
    };
    let provider = provider();
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| unreachable(e.to_string()))?;
    let config = match trust {
        Trust::System => builder
            .with_root_certificates(system_roots().map_err(unreachable)?)
            .with_no_client_auth(),
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Verifier { trust, provider }))
            .with_no_client_auth(),
    };
    let host = match authority.rsplit_once(':') {
        Some((host, _)) => host.trim_start_matches('[').trim_end_matches(']'),
        None => authority,
    };
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| unreachable(String::from("not a host name")))?;
    let tcp = TcpStream::connect(authority)
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    let _ = tcp.set_nodelay(true);
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| match (trust, e.get_ref().map(ToString::to_string)) {
            (Trust::Pinned(_), Some(reason)) if reason.contains("paired with") => {
                SessionError::NotPinned
            }
            (Trust::System, Some(reason)) if reason.contains("certificate") => {
                unreachable(format!(
                    "its certificate is not one this computer trusts ({reason}); if the district \
                 issues its own, its IT installs that authority on this computer"
                ))
            }
            _ => unreachable(format!("no secure connection: {e}")),
        })?;
    let seen = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|c| Fingerprint::of(c))
        .ok_or_else(|| unreachable(String::from("it showed no certificate")))?;
    Ok((tls, seen))
}

/// A socket that is plain (`ws://`, only when asked for) or TLS (`wss://`).
pub enum Wire<T> {
    Plain(TcpStream),
    Tls(Box<T>),
}

impl<T: AsyncRead + Unpin> AsyncRead for Wire<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Wire::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Wire::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Wire<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Wire::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Wire::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Wire::Plain(s) => Pin::new(s).poll_flush(cx),
            Wire::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Wire::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Wire::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_certificate_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = HostCertificate::kept_in(dir.path()).unwrap();
        let again = HostCertificate::kept_in(dir.path()).unwrap();
        assert_eq!(first.fingerprint(), again.fingerprint());
        let pem = std::fs::read_to_string(first.pem_path()).unwrap();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
        let elsewhere = tempfile::tempdir().unwrap();
        let other = HostCertificate::kept_in(elsewhere.path()).unwrap();
        assert_ne!(first.fingerprint(), other.fingerprint());
    }

    #[test]
    fn a_damaged_key_is_one_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        HostCertificate::kept_in(dir.path()).unwrap();
        std::fs::write(dir.path().join(KEY_FILE), "not a key").unwrap();
        let e = HostCertificate::kept_in(dir.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains(KEY_FILE), "{e}");
    }
}
