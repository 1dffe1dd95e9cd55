//! A round-robin TCP load balancer on loopback, for the multi-replica test
//! and the replica benchmark: the part of nginx they need, in-process.
#![allow(dead_code)] // each user takes a part

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};

/// A round-robin balancer on loopback: each connection goes to the next
/// backend that accepts it (a refused connect moves on, as nginx's
/// `proxy_next_upstream error` does). Records which backend took each.
pub struct Balancer {
    pub addr: std::net::SocketAddr,
    taken: Arc<Mutex<Vec<usize>>>,
}

impl Balancer {
    pub async fn start(backends: Vec<u16>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let taken = Arc::new(Mutex::new(Vec::new()));
        let log = taken.clone();
        tokio::spawn(async move {
            let mut next = 0usize;
            loop {
                let Ok((mut client, _)) = listener.accept().await else { return };
                let mut chosen = None;
                for _ in 0..backends.len() {
                    let i = next % backends.len();
                    next += 1;
                    if let Ok(server) = TcpStream::connect(("127.0.0.1", backends[i])).await {
                        chosen = Some((i, server));
                        break;
                    }
                }
                let Some((i, mut server)) = chosen else { continue };
                log.lock().unwrap().push(i);
                tokio::spawn(async move {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
            }
        });
        Self { addr, taken }
    }

    /// Which backend took each connection so far, in order.
    pub fn taken(&self) -> Vec<usize> {
        self.taken.lock().unwrap().clone()
    }

    /// The backend that took the last connection.
    pub fn last(&self) -> usize {
        *self.taken.lock().unwrap().last().expect("a connection was made")
    }
}
