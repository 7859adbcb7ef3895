//! The `taizhang` binary: run the command, print any error, exit with its status.

use std::process::ExitCode;

/// A report over a large checklist makes and drops millions of small
/// strings on several threads; mimalloc does that with far fewer system
/// calls and page faults than the system allocator's per-thread arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (its position in `mi_option_t`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A command runs for a second at most and then exits: memory it frees is
    // kept for reuse, not handed back to the system and faulted in again
    // (which cost more than all the parsing on a large checklist).
    // SAFETY: sets a plain option; mimalloc reads it on every purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // Help and clap's errors follow the language too, so it is known first.
    let cli = match taizhang::cli::lang::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match taizhang::run(cli) {
        Ok(code) => ExitCode::from(code),
        // A reader that went away (`| head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", taizhang::report::render::sanitize(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Whether the error is a write to a closed pipe, however it was wrapped
/// (JSON is written through serde_json, which wraps the I/O error).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == broken
            || cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind) == broken
    })
}
