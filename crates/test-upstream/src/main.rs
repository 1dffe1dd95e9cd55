//! Serves the three protocols on one port for the browser tests and the
//! load benchmark: `test-upstream --listen 127.0.0.1:3101`.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use colloquy_test_upstream::{Options, TestUpstream};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:3101")]
    listen: SocketAddr,
    /// Delay between tokens, in milliseconds.
    #[arg(long, default_value_t = 15)]
    token_delay_ms: u64,
    /// The API key requests must carry (none: any key, or none, is fine).
    #[arg(long)]
    api_key: Option<String>,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let options = Options { token_delay: Duration::from_millis(args.token_delay_ms), api_key: args.api_key };
    match TestUpstream::bind(args.listen, options).await {
        Ok(upstream) => {
            println!("test-upstream listening on http://{}", upstream.addr);
            upstream.wait().await;
        }
        Err(e) => {
            eprintln!("test-upstream: cannot listen on {}: {e}", args.listen);
            std::process::exit(2);
        }
    }
}
