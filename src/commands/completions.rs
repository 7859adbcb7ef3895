//! `taizhang completions` and `taizhang man`: being written.

use crate::cli::{CompletionsArgs, ManArgs};
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_args: &CompletionsArgs, _out: &mut dyn Write) -> Result<u8> {
    bail!("taizhang completions is not available yet")
}

pub fn man(_args: &ManArgs, _out: &mut dyn Write) -> Result<u8> {
    bail!("taizhang man is not available yet")
}
