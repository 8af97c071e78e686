//! A host serving `wss://`: laptops pair by the spoken code and reconnect with a token; a
//! wrong code is one guess, a machine in the middle with its own certificate fails, a token is
//! never presented to another certificate and no other host takes it. All on 127.0.0.1;
//! every wait has a bound.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use throughline_session::pairing::Paired;
use throughline_session::tls::{self, HostCertificate, Trust};
use throughline_session::{
    pair_with_host, plan_served_at, Host, HostOptions, HostedPlan, JoinAddress, JoinCode,
    JoinCodes, JoinStatus, Joined, Layer, Network, PeerUpdate, PlanSink, Role, SessionError,
    SinkError,
};
use tokio::io::AsyncWriteExt;
use yrs::{Doc, GetString, Text, Transact};

const WAIT: Duration = Duration::from_secs(20);
const PLAN: &str = "0123456789abcdef0123456789abcdef";

#[derive(Default)]
struct Kept {
    updates: Mutex<Vec<Vec<u8>>>,
}

impl PlanSink for Kept {
    fn save(&self, _layer: Layer, updates: &[PeerUpdate]) -> Result<(), SinkError> {
        let mut kept = self.updates.lock().unwrap();
        kept.extend(updates.iter().map(|u| u.update.clone()));
        Ok(())
    }

    fn reload(&self, _layer: Layer) -> Result<Doc, SinkError> {
        Err(SinkError("not in this test".into()))
    }
}

fn text_of(doc: &Doc) -> String {
    let text = doc.get_or_insert_text("body");
    text.get_string(&doc.transact())
}

fn type_into(doc: &Doc, s: &str) {
    let text = doc.get_or_insert_text("body");
    let mut txn = doc.transact_mut();
    let len = text.len(&txn);
    text.insert(&mut txn, len, s);
}

struct Secure {
    network: Network,
    host: Host,
    doc: Doc,
    codes: JoinCodes,
    _folder: tempfile::TempDir,
}

fn host() -> Secure {
    let network = Network::start().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let doc = Doc::new();
    type_into(&doc, "the plan as it was");
    let codes = JoinCodes::generate().unwrap();
    let host = Host::start(
        network.handle(),
        HostedPlan {
            plan_id: PLAN.into(),
            plan: doc.clone(),
            review: Doc::new(),
            codes: codes.clone(),
        },
        HostOptions {
            bind: [127, 0, 0, 1].into(),
            certificate: Some(HostCertificate::kept_in(folder.path()).unwrap()),
            ..HostOptions::default()
        },
        Arc::new(Kept::default()) as Arc<dyn PlanSink>,
    )
    .unwrap();
    Secure {
        network,
        host,
        doc,
        codes,
        _folder: folder,
    }
}

impl Secure {
    fn authority(&self) -> String {
        self.host.local_addr().to_string()
    }

    fn pair(&self, authority: &str, code: &JoinCode) -> Result<Paired, SessionError> {
        self.network
            .block_on(async { tokio::time::timeout(WAIT, pair_with_host(authority, code)).await })
            .expect("pairing answered in time")
    }
}

fn wrong_code(codes: &JoinCodes) -> JoinCode {
    (0..)
        .map(|i: u32| JoinCode::parse(&format!("{:08}", 12_345_670 + i)).unwrap())
        .find(|c| codes.role_of(c.as_str()).is_none())
        .unwrap()
}

#[test]
fn the_right_code_pairs_and_the_laptop_syncs_over_tls_with_its_token() {
    let s = host();
    let editor = s.codes.for_role(Role::Editor).clone();
    let paired = s.pair(&s.authority(), &editor).unwrap();
    assert_eq!(paired.role, Role::Editor);
    assert_eq!(paired.plan_id, PLAN);
    assert_eq!(Some(paired.fingerprint), s.host.fingerprint());

    // The address the host hands out is wss://, and a laptop joining by it syncs both ways.
    let address = s
        .host
        .join_addresses(None)
        .into_iter()
        .find(|(r, _)| *r == Role::Editor)
        .unwrap()
        .1;
    assert!(address.to_string().starts_with("wss://"), "{address}");
    let doc = Doc::new();
    let joined = Joined::start(
        s.network.handle(),
        address,
        doc.clone(),
        Arc::new(Kept::default()),
    )
    .unwrap();
    let mut status = joined.watch_status();
    s.network.block_on(async {
        tokio::time::timeout(WAIT, status.wait_for(|st| *st == JoinStatus::Synced))
            .await
            .expect("synced in time")
            .unwrap();
    });
    assert_eq!(text_of(&doc), "the plan as it was");
    let update = {
        let text = doc.get_or_insert_text("body");
        let mut txn = doc.transact_mut();
        text.insert(&mut txn, 0, "typed on the laptop: ");
        txn.encode_update_v1()
    };
    joined.local_update(update);
    let deadline = Instant::now() + WAIT;
    while !text_of(&s.doc).starts_with("typed on the laptop") {
        assert!(
            Instant::now() < deadline,
            "the laptop's edit never reached the host"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // A typed address (no plan id) learns the plan by pairing.
    assert_eq!(
        plan_served_at(&s.authority(), 4455, editor.as_str(), WAIT).unwrap(),
        PLAN
    );
    s.network.block_on(joined.leave());
    s.network.block_on(s.host.stop());
}

#[test]
fn a_wrong_code_is_one_guess_and_a_clear_error() {
    let s = host();
    let wrong = wrong_code(&s.codes);
    let e = s.pair(&s.authority(), &wrong).unwrap_err();
    assert!(matches!(e, SessionError::WrongCode), "{e}");
    // Nine more wrong guesses use up the burst of ten: the eleventh is throttled, even with
    // the right code, so each failed pairing was counted once.
    for i in 0..9u32 {
        let guess = JoinCode::parse(&format!("{:08}", 20_000_000 + i)).unwrap();
        if s.codes.role_of(guess.as_str()).is_none() {
            assert!(matches!(
                s.pair(&s.authority(), &guess),
                Err(SessionError::WrongCode)
            ));
        }
    }
    let right = s.codes.for_role(Role::Viewer).clone();
    assert!(matches!(
        s.pair(&s.authority(), &right),
        Err(SessionError::Throttled)
    ));
}

/// A machine in the middle: its own certificate towards the laptop, a TLS connection of its
/// own to the host, relaying the bytes in between.
fn machine_in_the_middle(s: &Secure, folder: &std::path::Path) -> String {
    let own = HostCertificate::kept_in(folder).unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(server_config(&own));
    let host = s.authority();
    let listener = s
        .network
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let at = listener.local_addr().unwrap().to_string();
    s.network.handle().spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let host = host.clone();
            tokio::spawn(async move {
                let Ok(mut laptop) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok((mut upstream, _)) = tls::connect(&host, Trust::WhilePairing).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut laptop, &mut upstream).await;
                let _ = laptop.shutdown().await;
            });
        }
    });
    at
}

#[allow(deprecated)] // ring, as the host uses
fn server_config(certificate: &HostCertificate) -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    let pem = std::fs::read(certificate.pem_path()).unwrap();
    let key = std::fs::read(certificate.pem_path().with_file_name("retreat-key.pem")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![rustls::pki_types::CertificateDer::from_pem_slice(&pem).unwrap()],
                rustls::pki_types::PrivateKeyDer::from_pem_slice(&key).unwrap(),
            )
            .unwrap(),
    )
}

#[test]
fn a_machine_in_the_middle_with_its_own_certificate_fails_pairing() {
    let s = host();
    let folder = tempfile::tempdir().unwrap();
    let middle = machine_in_the_middle(&s, folder.path());
    let editor = s.codes.for_role(Role::Editor).clone();
    // The relay works (the laptop reaches the host through it), but the host sees the
    // fingerprint of its own certificate and the laptop the middle's: no confirmation.
    let e = s.pair(&middle, &editor).unwrap_err();
    assert!(matches!(e, SessionError::WrongCode), "{e}");
    // Directly, the same code pairs.
    assert!(s.pair(&s.authority(), &editor).is_ok());
}

#[test]
fn a_token_goes_only_to_its_pinned_certificate_and_no_other_host_takes_it() {
    let a = host();
    let b = host();
    let code = a.codes.for_role(Role::Editor).clone();
    let paired = a.pair(&a.authority(), &code).unwrap();
    // Our side refuses host B's certificate before sending anything.
    let pinned = a
        .network
        .block_on(async { tls::connect(&b.authority(), Trust::Pinned(paired.fingerprint)).await });
    assert!(matches!(pinned, Err(SessionError::NotPinned)));
    // And host B refuses A's token replayed to it, with nothing of its plan.
    let replayed = JoinAddress::parse(&format!(
        "wss://{}/{PLAN}?token={}",
        b.authority(),
        paired.token
    ))
    .unwrap();
    let b_fingerprint = b.host.fingerprint().unwrap();
    let opened = b.network.block_on(async {
        let (tls, _) = tls::connect(&b.authority(), Trust::Pinned(b_fingerprint))
            .await
            .unwrap();
        tokio_tungstenite::client_async(replayed.to_string(), tls).await
    });
    match opened {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 401);
        }
        other => panic!("host B took A's token: {:?}", other.map(|_| ())),
    }
    // A laptop holding the pin of A, sent to B's address, stops with a clear error.
    let e = a.pair(&b.authority(), &code).unwrap_err();
    assert!(matches!(e, SessionError::WrongCode), "{e}");
}
