//! `taizhang fmt`: being written.

use super::Context;
use crate::cli::FmtArgs;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_ctx: &Context, _args: &FmtArgs, _out: &mut dyn Write) -> Result<u8> {
    bail!("taizhang fmt is not available yet")
}
