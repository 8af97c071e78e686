//! The runtime the network runs on, owned here so that the app and the CLI need not know
//! tokio: they start a [`Network`] and call plain, blocking methods. Call them from ordinary
//! threads, never from inside another async runtime's task.

use std::future::Future;
use std::time::Duration;

use tokio::runtime::{Handle, Runtime};

use crate::error::SessionError;

/// Worker threads: the machine has two cores, and the host's work per frame is small.
const WORKERS: usize = 2;

pub struct Network {
    runtime: Runtime,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Network")
    }
}

impl Network {
    pub fn start() -> Result<Network, SessionError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .thread_name("throughline-net")
            .enable_all()
            .build()
            .map_err(|e| SessionError::NoRuntime(e.to_string()))?;
        Ok(Network { runtime })
    }

    pub fn handle(&self) -> &Handle {
        self.runtime.handle()
    }

    /// Runs `future` to its end on this network's runtime, blocking the calling thread.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Listens for Ctrl-C and SIGTERM from now on (instead of being ended by them).
    pub fn stop_signal(&self) -> Result<StopSignal, SessionError> {
        let _entered = self.runtime.enter();
        let no = |e: std::io::Error| SessionError::NoRuntime(format!("signals: {e}"));
        #[cfg(unix)]
        let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(no)?;
        #[cfg(unix)]
        let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
            .map_err(no)?;
        #[cfg(not(unix))]
        let _ = no;
        Ok(StopSignal {
            #[cfg(unix)]
            terminate,
            #[cfg(unix)]
            interrupt,
        })
    }
}

/// Ctrl-C or SIGTERM, once registered.
#[derive(Debug)]
pub struct StopSignal {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl StopSignal {
    /// Waits for a stop signal, at most `within` (forever if `None`); true if one came.
    pub fn wait(&mut self, network: &Network, within: Option<Duration>) -> bool {
        network.block_on(async {
            let signalled = self.signalled();
            match within {
                Some(d) => tokio::time::timeout(d, signalled).await.is_ok(),
                None => {
                    signalled.await;
                    true
                }
            }
        })
    }

    #[cfg(unix)]
    async fn signalled(&mut self) {
        tokio::select! {
            _ = self.terminate.recv() => {}
            _ = self.interrupt.recv() => {}
        }
    }

    #[cfg(not(unix))]
    async fn signalled(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
