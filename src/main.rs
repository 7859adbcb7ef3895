//! The `taizhang` binary: run the command, print any error, exit with its status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = taizhang::cli::Cli::parse();
    match taizhang::run(cli) {
        Ok(code) => ExitCode::from(code),
        // A reader that went away (`| head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", taizhang::render::sanitize(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
