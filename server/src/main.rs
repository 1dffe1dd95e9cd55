use clap::Parser;
use colloquy_config::{Cli, Command, Config, LogFormat};
use server::Application;
use tracing_subscriber::EnvFilter;

/// Start-up failures print one line and exit with status 2: no panic, no
/// backtrace.
fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("colloquy: {message}");
    std::process::exit(2);
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let config = Config::load(&cli).unwrap_or_else(|e| fail(e));
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,llama-cpp-2=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match config.logging.format {
        LogFormat::Text => logs.init(),
        // One JSON object per line, with every enclosing span's fields
        // ("spans": the request's, with its id, then any inner ones).
        LogFormat::Json => logs.json().with_current_span(false).with_span_list(true).init(),
    }
    if let Some(Command::User(command)) = &cli.command {
        match server::user_cli::run(&config, command).await {
            Ok(said) => println!("{said}"),
            Err(e) => fail(e),
        }
        return;
    }
    let app = Application::build(config).await.unwrap_or_else(|e| fail(e));
    if let Err(e) = app.run().await {
        fail(format!("server error: {e}"));
    }
}
