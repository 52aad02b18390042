//! The mock's configuration: clock mode, control API, fixtures, mail delay.

use std::path::PathBuf;

/// Which clock the mock runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClockMode {
    /// Frozen at Monday 14 September 2026, 09:00 Europe/Paris (moves only when
    /// the control API advances it): screenshots never drift.
    #[default]
    Fixed,
    /// The machine's clock (plus any advance), for interactive use.
    Real,
}

/// How to build the mock.
#[derive(Clone, Debug)]
pub struct Config {
    pub clock: ClockMode,
    /// Serve the control API under `/__mock/` (off: a public practice ENT).
    pub control: bool,
    /// A JSON file of personas to create at start (`{"personas": [{"kind": ..., "seed": ...}]}`).
    pub fixtures: Option<PathBuf>,
    /// How long an e-mail takes to reach a personal mailbox (none by default;
    /// the real one can take up to 72 hours).
    pub mail_delay_minutes: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            clock: ClockMode::Fixed,
            control: true,
            fixtures: None,
            mail_delay_minutes: 0,
        }
    }
}
