//! The `mock-ent` binary: parses flags and serves the mock intranet.

use clap::{Parser, ValueEnum};
use mock_ent::{ClockMode, Config};

#[derive(Clone, Copy, ValueEnum)]
enum Clock {
    Fixed,
    Real,
}

/// The UJM student intranet, mocked: portal, CAS, activation and services.
#[derive(Parser)]
#[command(name = "mock-ent", version)]
struct Args {
    /// Port to listen on (127.0.0.1).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Fixed clock (Monday 14 September 2026, 09:00 Paris) or the real one.
    #[arg(long, value_enum, default_value = "fixed")]
    clock: Clock,
    /// Leave out the control API (`/__mock/` answers 404).
    #[arg(long)]
    no_control: bool,
    /// JSON file of personas to create at start: {"personas": [{"kind": "new-student", "seed": "demo"}]}.
    #[arg(long, value_name = "FILE")]
    fixtures: Option<std::path::PathBuf>,
    /// Minutes an e-mail takes to reach a personal mailbox (real clock only).
    #[arg(long, default_value_t = 0)]
    mail_delay: i64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let clock = match args.clock {
        Clock::Fixed => ClockMode::Fixed,
        Clock::Real => ClockMode::Real,
    };
    let config = Config {
        clock,
        control: !args.no_control,
        fixtures: args.fixtures,
        mail_delay_minutes: if clock == ClockMode::Real {
            args.mail_delay.max(0)
        } else {
            0
        },
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on 127.0.0.1:{}: {e} — pick another --port",
                args.port
            )
        })?;
    eprintln!("mock-ent: serving http://{}", listener.local_addr()?);
    mock_ent::serve(listener, config).await?;
    Ok(())
}
