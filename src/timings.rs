//! Where a build spends its time and memory: with `ENT_GUIDE_TIMINGS` set,
//! [`mark`] prints to standard error the time since the first mark, the
//! CPU time the process has used (all threads: more than the time since
//! the start where they ran in parallel), and the resident memory now and
//! its peak so far (Linux).
//! Without it, a mark costs one check of a flag read once.

use std::sync::OnceLock;
use std::time::Instant;

/// When the first mark was made, if timings are on.
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("ENT_GUIDE_TIMINGS").map(|_| Instant::now()))
}

/// Prints `what` with the time since the first mark and the memory in use.
pub fn mark(what: &str) {
    let Some(start) = start() else { return };
    let ms = start.elapsed().as_millis();
    match (cpu_ms(), memory()) {
        (Some(cpu), Some((now, peak))) => eprintln!(
            "timing: {ms:>6} ms  CPU {cpu:>6} ms  {what} (memory {now} MiB, peak {peak} MiB)"
        ),
        _ => eprintln!("timing: {ms:>6} ms  {what}"),
    }
}

/// The user and system CPU time of the process so far, in milliseconds,
/// from `/proc/self/stat` (in clock ticks, 100 a second on Linux).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) * 10)
}

/// The resident memory and its peak, in MiB, from `/proc/self/status`.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
